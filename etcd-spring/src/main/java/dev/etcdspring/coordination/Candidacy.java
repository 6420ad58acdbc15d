package dev.etcdspring.coordination;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.election.Leadership;
import dev.etcdspring.client.error.ClientClosedException;
import dev.etcdspring.client.error.LockTimeoutException;
import dev.etcdspring.client.lease.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One run of an {@link EtcdLeaderInitiator}, from its start to its stop: a session, a
 * campaign on etcd's Election service, the leadership it wins, and a new session and
 * campaign whenever the session is lost. Every change of state runs on the run's own
 * thread, which also publishes the events, one at a time and in order; the client's
 * callbacks only hand work over to it. Leadership ends for {@link #isLeader()} the moment
 * its session is lost, before the revoked event.
 */
final class Candidacy {

	private static final Log logger = LogFactory.getLog(EtcdLeaderInitiator.class);

	/** How long one campaign waits before it is made again (at the back of the line). */
	private static final Duration CAMPAIGN_TIMEOUT = Duration.ofHours(1);

	private final EtcdClient client;

	private final String election;

	private final String candidateId;

	private final Duration sessionTtl;

	private final Duration retryInterval;

	private final Consumer<Boolean> publisher;

	private final ScheduledExecutorService thread;

	private volatile @Nullable Thread runThread;

	// state, touched on the run's thread only (leadership is read anywhere)

	private boolean stopped;

	private @Nullable Session session;

	private @Nullable CompletableFuture<Leadership> campaign;

	private volatile @Nullable Leadership leadership;

	/**
	 * A run, not yet begun.
	 * @param publisher publishes a granted ({@code true}) or revoked ({@code false})
	 * event
	 */
	Candidacy(EtcdClient client, String election, String candidateId, Duration sessionTtl, Duration retryInterval,
			String threadName, Consumer<Boolean> publisher) {
		this.client = client;
		this.election = election;
		this.candidateId = candidateId;
		this.sessionTtl = sessionTtl;
		this.retryInterval = retryInterval;
		this.publisher = publisher;
		this.thread = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, threadName);
			thread.setDaemon(true);
			this.runThread = thread;
			return thread;
		});
	}

	void begin() {
		post(this::campaign);
	}

	boolean isLeader() {
		Leadership current = this.leadership;
		return current != null && current.isActive();
	}

	/** Hands a task to the run's thread; false when the run has stopped. */
	private boolean post(Runnable task) {
		try {
			this.thread.execute(() -> {
				try {
					task.run();
				}
				catch (RuntimeException ex) {
					logger.error("Leader election for '" + this.election + "' failed unexpectedly", ex);
				}
			});
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	private void campaign() {
		if (this.stopped || this.campaign != null) {
			return;
		}
		Session current = this.session;
		if (current == null || !current.isActive()) {
			this.session = null;
			this.client.lease().newSession(this.sessionTtl).whenComplete((started, error) -> {
				if (!post(() -> started(started, error)) && started != null) {
					// started after the run stopped: nobody else will end it
					started.close();
				}
			});
			return;
		}
		CompletableFuture<Leadership> attempt = this.client.election()
			.withTimeout(CAMPAIGN_TIMEOUT)
			.campaign(this.election, this.candidateId, current, CAMPAIGN_TIMEOUT);
		this.campaign = attempt;
		attempt.whenComplete((won, error) -> post(() -> campaigned(attempt, won, error)));
	}

	private void started(@Nullable Session started, @Nullable Throwable error) {
		if (started == null) {
			retry("could not start an etcd session", error);
			return;
		}
		if (this.stopped) {
			started.close();
			return;
		}
		this.session = started;
		started.ended().whenComplete((ok, reason) -> post(() -> sessionEnded(started, reason)));
		campaign();
	}

	private void campaigned(CompletableFuture<Leadership> attempt, @Nullable Leadership won,
			@Nullable Throwable error) {
		if (attempt != this.campaign) {
			return;
		}
		this.campaign = null;
		if (won == null) {
			Throwable cause = (error != null) ? LockWait.unwrap(error) : null;
			if (cause instanceof LockTimeoutException) {
				campaign();
			}
			else if (!(cause instanceof CancellationException)) {
				retry("the campaign failed", cause);
			}
			return;
		}
		if (won.session() != this.session || !won.isActive()) {
			// the session ended meanwhile: its end starts the next campaign
			return;
		}
		this.leadership = won;
		logger.info("Leader of '" + this.election + "' as '" + this.candidateId + "' (" + won.key() + ")");
		this.publisher.accept(true);
	}

	private void sessionEnded(Session ended, @Nullable Throwable reason) {
		if (ended != this.session) {
			return;
		}
		this.session = null;
		CompletableFuture<Leadership> attempt = this.campaign;
		this.campaign = null;
		if (attempt != null) {
			attempt.cancel(true);
		}
		Throwable cause = (reason != null) ? LockWait.unwrap(reason) : null;
		revoke("its etcd session ended (" + ((cause != null) ? cause.getMessage() : "closed") + ")");
		if (cause instanceof ClientClosedException) {
			logger.warn("The etcd client of the leader initiator for '" + this.election + "' was closed: it no longer "
					+ "campaigns. Stop the initiator before closing its client");
			return;
		}
		logger.warn("The leader initiator for '" + this.election + "' lost its etcd session; it campaigns again with "
				+ "a new one" + ((cause != null) ? ": " + cause.getMessage() : ""));
		campaign();
	}

	private void revoke(String why) {
		if (this.leadership != null) {
			this.leadership = null;
			logger.info("No longer leader of '" + this.election + "': " + why);
			this.publisher.accept(false);
		}
	}

	private void retry(String what, @Nullable Throwable error) {
		Throwable cause = (error != null) ? LockWait.unwrap(error) : null;
		if (cause instanceof ClientClosedException) {
			logger.debug("The etcd client of the leader initiator for '" + this.election + "' is closed");
			return;
		}
		logger.warn("Leader election for '" + this.election + "': " + what + ", trying again in "
				+ this.retryInterval.toMillis() + " ms" + ((cause != null) ? ": " + cause.getMessage() : ""));
		try {
			this.thread.schedule(this::campaign, this.retryInterval.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// stopped
		}
	}

	/** Resigns, if leading, and campaigns again at the back of the line. */
	void yieldLeadership() {
		post(() -> {
			Leadership current = this.leadership;
			if (current == null || this.stopped) {
				return;
			}
			revoke("it yielded");
			this.client.election().resign(current).whenComplete((ok, error) -> post(this::campaign));
		});
	}

	/**
	 * Ends the run: withdraws the campaign, publishes the revoked event if leading, and
	 * closes the session (revoking its lease hands leadership to the next candidate at
	 * once). Waits up to the timeout for that, then ends the run's thread.
	 */
	void stop(Duration timeout) {
		Runnable stop = () -> {
			this.stopped = true;
			CompletableFuture<Leadership> attempt = this.campaign;
			this.campaign = null;
			if (attempt != null) {
				attempt.cancel(true);
			}
			revoke("it stopped");
			Session current = this.session;
			this.session = null;
			if (current != null) {
				current.close();
			}
		};
		if (Thread.currentThread() == this.runThread) {
			// a listener stops the initiator: nothing to wait for
			stop.run();
			this.thread.shutdown();
			return;
		}
		try {
			Future<?> stopping = this.thread.submit(stop);
			stopping.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException | ExecutionException ex) {
			logger.warn("Stopping the leader initiator for '" + this.election + "' failed", ex);
		}
		catch (TimeoutException ex) {
			logger.warn("The leader initiator for '" + this.election + "' did not stop within " + timeout.toMillis()
					+ " ms (a leadership event listener still runs?); its thread is interrupted");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.thread.shutdownNow();
		try {
			this.thread.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
