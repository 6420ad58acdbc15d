package dev.etcdspring.listener;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.error.CompactedException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.Lifecycle;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Runs one {@link EtcdWatchEndpoint}: one watch of the client, its events delivered to
 * the endpoint's listener in revision order, one at a time, on the client's callback
 * executor or the endpoint's executor. Usually created by the {@link EtcdWatchRegistry};
 * can also be created, started and stopped by hand.
 *
 * <h2>Delivery contract</h2>
 * <ul>
 * <li>Each event once, in revision order, also across reconnects and member failures (the
 * client resumes the watch from its next revision).</li>
 * <li>With {@linkplain EtcdWatchEndpoint#isInitialLoad() initial load}, the first start
 * delivers the current values under the keys as PUT events (read at one revision R, in
 * mod revision order), then the changes from R + 1: no gap, no duplicate.</li>
 * <li>A listener that throws is called again after each pause of the {@link BackOff};
 * when the back-off gives up, the {@link EtcdWatchErrorHandler} decides: go on (the
 * default logs key, revision and exception) or stop the container before the event.
 * Nothing is dropped silently.</li>
 * <li>Compaction of the history to resume from: see {@link OnCompaction}.</li>
 * <li>{@link #stop()} then {@link #start()} resumes after the last event delivered (a
 * stop during an initial load or a resynchronisation repeats it).</li>
 * </ul>
 *
 * <p>
 * {@link #start()} waits (up to the {@linkplain #setStartTimeout start timeout}) until
 * the watch is open and the initial load delivered, so that a write made after it returns
 * reaches the listener. {@link #stop()} closes the watch and waits (up to the
 * {@linkplain #setShutdownTimeout shutdown timeout}) for a listener call in progress. A
 * container starts no thread of its own; it costs one watch on the client's shared
 * stream, plus, with {@link OnCompaction#RESYNC}, the key and mod revision of every key
 * in its range. Thread-safe.
 */
public class EtcdWatchContainer implements Lifecycle {

	/** Default of {@link #setStartTimeout(Duration)}. */
	public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

	/** Default of {@link #setShutdownTimeout(Duration)}. */
	public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(EtcdWatchContainer.class);

	/** What a container is doing. */
	public enum State {

		/** Not started, or stopped. */
		STOPPED,

		/** Loading the current state and opening the watch. */
		STARTING,

		/** Delivering changes. */
		RUNNING,

		/** Reading the current state after a compaction, to deliver the difference. */
		RESYNCING,

		/** Stopped by an error, see {@link #getFailure()}. */
		FAILED

	}

	private final EtcdWatchEndpoint endpoint;

	private final WatchFeed feed;

	private final Object lock = new Object();

	private volatile Duration startTimeout = DEFAULT_START_TIMEOUT;

	private volatile Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;

	private volatile EtcdWatchRecorder recorder = EtcdWatchRecorder.NONE;

	// guarded by lock

	private State state = State.STOPPED;

	private @Nullable Throwable failure;

	private CompletableFuture<Void> started = CompletableFuture.completedFuture(null);

	/**
	 * A container for an endpoint. Without a back-off of its own the listener is called
	 * three times at most, a second apart; without an error handler of its own a
	 * {@link LoggingEtcdWatchErrorHandler} is used.
	 * @param client the client to watch with
	 * @param endpoint what to watch and whom to tell
	 */
	public EtcdWatchContainer(EtcdClient client, EtcdWatchEndpoint endpoint) {
		this.endpoint = endpoint;
		BackOff backOff = (endpoint.getBackOff() != null) ? endpoint.getBackOff() : new FixedBackOff(1000, 2);
		EtcdWatchErrorHandler errorHandler = (endpoint.getErrorHandler() != null) ? endpoint.getErrorHandler()
				: new LoggingEtcdWatchErrorHandler();
		this.feed = new WatchFeed(client, this, backOff, errorHandler);
	}

	/**
	 * Opens the watch (after the initial load or the read of the keys to remember, if
	 * any) and waits until it is open, up to the start timeout; after that the container
	 * goes on starting in the background. Does nothing when the container is running.
	 */
	@Override
	public void start() {
		awaitStarted(startAsync(), System.nanoTime() + this.startTimeout.toNanos());
	}

	/**
	 * Starts without waiting.
	 * @return completes when the watch is open (or the start failed or was stopped)
	 */
	CompletableFuture<Void> startAsync() {
		int epoch;
		synchronized (this.lock) {
			if (isRunningLocked()) {
				return this.started;
			}
			epoch = this.feed.lane().newEpoch();
			this.state = State.STARTING;
			this.failure = null;
			this.started = new CompletableFuture<>();
		}
		this.feed.start(epoch);
		return this.started;
	}

	/**
	 * Waits for a start until a deadline, logging when it passes.
	 * @param future what {@link #startAsync()} returned
	 * @param deadline the deadline, in {@link System#nanoTime()} terms
	 */
	void awaitStarted(CompletableFuture<Void> future, long deadline) {
		try {
			future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			logger.warn("etcd listener '" + getId() + "' is not open yet after " + this.startTimeout.toMillis()
					+ " ms; it goes on starting in the background");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
			// not completed exceptionally: a failed start is the container's state
		}
	}

	/**
	 * Closes the watch, drops what was not delivered yet (the next start delivers it) and
	 * waits up to the shutdown timeout for a listener call in progress. Does nothing when
	 * stopped. May be called by the listener itself (it then does not wait for itself).
	 */
	@Override
	public void stop() {
		synchronized (this.lock) {
			if (this.state == State.STOPPED) {
				return;
			}
			this.feed.lane().newEpoch();
			this.state = State.STOPPED;
			this.started.complete(null);
		}
		this.feed.closeWatch();
		if (!this.feed.lane().awaitIdle(this.shutdownTimeout)) {
			logger.warn("etcd listener '" + getId() + "' is still busy with an event " + this.shutdownTimeout.toMillis()
					+ " ms after it was stopped");
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.lock) {
			return isRunningLocked();
		}
	}

	private boolean isRunningLocked() {
		return this.state == State.STARTING || this.state == State.RUNNING || this.state == State.RESYNCING;
	}

	/** The watch of a run is open and what was loaded before it delivered. */
	void opened(int epoch) {
		synchronized (this.lock) {
			if (this.feed.lane().isCurrent(epoch) && isRunningLocked()) {
				this.state = State.RUNNING;
				this.started.complete(null);
			}
		}
	}

	/**
	 * A run's watch ended with a compaction and the current state is read again.
	 * @param epoch the run
	 * @return whether the run is still current
	 */
	boolean resyncing(int epoch) {
		synchronized (this.lock) {
			if (this.feed.lane().isCurrent(epoch) && isRunningLocked()) {
				this.state = State.RESYNCING;
				return true;
			}
			return false;
		}
	}

	/**
	 * Ends a run with an error: the watch is closed, the state is {@link State#FAILED}
	 * and the error handler hears about it. Nothing happens when the run is over already.
	 * @param epoch the run
	 * @param error why
	 */
	void fail(int epoch, Throwable error) {
		synchronized (this.lock) {
			if (!this.feed.lane().isCurrent(epoch) || !isRunningLocked()) {
				return;
			}
			this.feed.lane().newEpoch();
			this.state = State.FAILED;
			this.failure = error;
			this.started.complete(null);
		}
		this.feed.closeWatch();
		if (error instanceof CompactedException) {
			this.feed.forgetPosition();
		}
		try {
			this.feed.invoker().errorHandler().handleContainerError(error, this);
		}
		catch (RuntimeException ex) {
			logger.error("The error handler of etcd listener '" + getId() + "' failed", ex);
		}
	}

	/**
	 * The listener's id.
	 * @return the id
	 */
	public String getId() {
		return this.endpoint.getId();
	}

	/**
	 * What this container runs.
	 * @return the endpoint
	 */
	public EtcdWatchEndpoint getEndpoint() {
		return this.endpoint;
	}

	/**
	 * What the container is doing.
	 * @return the state
	 */
	public State getState() {
		synchronized (this.lock) {
			return this.state;
		}
	}

	/**
	 * Why the container stopped, when its state is {@link State#FAILED}.
	 * @return the error, or {@code null}
	 */
	public @Nullable Throwable getFailure() {
		synchronized (this.lock) {
			return (this.state == State.FAILED) ? this.failure : null;
		}
	}

	/**
	 * The revision the listener is up to date with: that of the last event delivered, or
	 * of the last initial load or resynchronisation.
	 * @return the revision, or 0 before anything was delivered
	 */
	public long getLastRevision() {
		return this.feed.lastRevision();
	}

	/**
	 * How long {@link #start()} waits for the watch to open; 30 s by default.
	 * @param startTimeout the timeout
	 */
	public void setStartTimeout(Duration startTimeout) {
		this.startTimeout = startTimeout;
	}

	/**
	 * How long {@link #stop()} waits for a listener call in progress; 10 s by default.
	 * @param shutdownTimeout the timeout
	 */
	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	/**
	 * Where the listener's calls, failures and retries are recorded; nowhere by default.
	 * @param recorder the recorder
	 */
	public void setRecorder(EtcdWatchRecorder recorder) {
		this.recorder = Objects.requireNonNull(recorder, "recorder");
	}

	EtcdWatchRecorder getRecorder() {
		return this.recorder;
	}

	@Override
	public String toString() {
		return "EtcdWatchContainer[" + getId() + ", " + this.endpoint.getRange() + ", " + getState() + "]";
	}

}
