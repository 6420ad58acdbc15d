package dev.etcdspring.boot.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps the imported folders live while the application context runs: starts the watch of
 * every prefix, and turns their changes into refreshes, on a thread of its own
 * ({@code etcd-config-refresh}). Changes of a prefix are coalesced: a refresh waits until
 * no change came for {@code etcd.config.watch.delay}, but no longer than ten delays after
 * the first, then refreshes the beans ({@link EtcdConfigRefresher}) and publishes one
 * {@link EtcdConfigChangedEvent}. Starts early and stops late ({@link #PHASE}); the
 * thread ends when it stops.
 */
final class EtcdConfigWatcher implements SmartLifecycle, DisposableBean {

	static final String BEAN_NAME = "etcdConfigWatcher";

	/**
	 * The lifecycle phase: before most others, so that beans see changes as soon as they
	 * run.
	 */
	static final int PHASE = Integer.MIN_VALUE + 1000;

	private static final Log logger = LogFactory.getLog(EtcdConfigWatcher.class);

	private static final long MAX_WAIT_FACTOR = 10;

	private final EtcdConfigImport configImport;

	private final ConfigurableApplicationContext context;

	private final long delayNanos;

	private final Object lock = new Object();

	// guarded by lock
	private @Nullable ScheduledExecutorService scheduler;

	// set by the scheduler's thread factory
	private volatile @Nullable Thread thread;

	// guarded by lock
	private @Nullable EtcdConfigRefresher refresher;

	// guarded by lock
	private final Map<String, Pending> pending = new LinkedHashMap<>();

	EtcdConfigWatcher(EtcdConfigImport configImport, ConfigurableApplicationContext context) {
		this.configImport = configImport;
		this.context = context;
		Duration delay = configImport.config().getWatch().getDelay();
		this.delayNanos = Math.max(0, delay.toNanos());
	}

	@Override
	public void start() {
		ScheduledExecutorService started;
		synchronized (this.lock) {
			if (this.scheduler != null) {
				return;
			}
			this.refresher = EtcdConfigRefresher.of(this.context);
			started = Executors.newSingleThreadScheduledExecutor((runnable) -> {
				Thread created = new Thread(runnable, "etcd-config-refresh");
				created.setDaemon(true);
				this.thread = created;
				return created;
			});
			this.scheduler = started;
		}
		for (EtcdConfigFeed feed : this.configImport.feeds()) {
			feed.start(this::changed, started);
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService stopped;
		Thread worker;
		synchronized (this.lock) {
			stopped = this.scheduler;
			worker = this.thread;
			this.scheduler = null;
			this.thread = null;
			this.pending.clear();
		}
		if (stopped == null) {
			return;
		}
		this.configImport.feeds().forEach(EtcdConfigFeed::stop);
		stopped.shutdownNow();
		if (Thread.currentThread() != worker) {
			try {
				if (!stopped.awaitTermination(10, TimeUnit.SECONDS)) {
					logger.warn("The etcd configuration refresh did not end within 10 s");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.lock) {
			return this.scheduler != null;
		}
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public void destroy() {
		stop();
	}

	/**
	 * A feed applied a change; called under the feed's lock, so it only records and
	 * schedules.
	 */
	private void changed(ConfigChange change) {
		synchronized (this.lock) {
			if (this.scheduler == null) {
				return;
			}
			long now = System.nanoTime();
			Pending known = this.pending.get(change.prefix());
			if (known != null) {
				known.change = known.change.merge(change);
				known.last = now;
				return;
			}
			this.pending.put(change.prefix(), new Pending(change, now));
			schedule(change.prefix(), this.delayNanos);
		}
	}

	// guarded by lock
	private void schedule(String prefix, long delayNanos) {
		if (this.scheduler == null) {
			return;
		}
		try {
			this.scheduler.schedule(() -> flush(prefix), delayNanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// stopping
		}
	}

	private void flush(String prefix) {
		ConfigChange change;
		EtcdConfigRefresher current;
		synchronized (this.lock) {
			Pending waiting = this.pending.get(prefix);
			if (waiting == null || this.refresher == null) {
				return;
			}
			long now = System.nanoTime();
			long quiet = now - waiting.last;
			if (quiet < this.delayNanos && now - waiting.first < MAX_WAIT_FACTOR * this.delayNanos) {
				schedule(prefix, this.delayNanos - quiet);
				return;
			}
			this.pending.remove(prefix);
			change = waiting.change;
			current = this.refresher;
		}
		try {
			current.refresh(change.properties());
		}
		catch (RuntimeException ex) {
			logger.error("Refreshing the application after etcd revision " + change.revision() + " of prefix '" + prefix
					+ "' failed", ex);
		}
		try {
			this.context.publishEvent(new EtcdConfigChangedEvent(this.context, prefix, change.revision(),
					change.properties(), change.keys()));
		}
		catch (RuntimeException ex) {
			logger.error("A listener of the etcd configuration change at revision " + change.revision() + " failed",
					ex);
		}
	}

	/** Changes of a prefix waiting for their refresh. */
	private static final class Pending {

		ConfigChange change;

		final long first;

		long last;

		Pending(ConfigChange change, long now) {
			this.change = change;
			this.first = now;
			this.last = now;
		}

	}

}
