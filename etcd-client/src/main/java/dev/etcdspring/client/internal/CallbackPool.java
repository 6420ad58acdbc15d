package dev.etcdspring.client.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The callback executor a client creates when it is given none: a few workers (one per core, at
 * least two) on one shared queue, with an extra worker added whenever they all stall.
 *
 * <p>Why a shared queue: busy workers take task after task without parking. The cached thread pool
 * this replaces hands every task to an idle thread, so every response woke a thread, which was
 * about half of the client's CPU per request at 16 and 128 requests in flight (see
 * {@code docs/benchmarks.md}). And a worker that blocks hides nothing: the others keep taking from
 * the same queue (a work-stealing pool failed here, with tasks stuck behind a blocked worker).
 *
 * <p>Why it grows: callbacks are the application's code and may block, in a listener that sleeps or
 * a callback that joins another call of the same client. A fixed pool would starve, or deadlock
 * when every worker waits for a completion only a worker can run. While tasks wait, a check on the
 * client's timer thread every {@value #CHECK_MILLIS} ms adds a worker when no task completed since
 * the previous check; the extra workers go when the queue is empty and fewer workers than the base
 * number are busy. So a blocked callback delays the others by one check at most, as often as it
 * happens, and never stops them. Idle workers end after 30 s, the base ones too.
 */
final class CallbackPool extends ThreadPoolExecutor {

	/** How often the stall check runs while tasks wait. */
	static final long CHECK_MILLIS = 20;

	/** Workers added on stalls, at most: a client whose callbacks all block beyond this stops. */
	static final int MAX_EXTRA_WORKERS = 1024;

	private final int baseWorkers;

	private final ScheduledExecutorService timer;

	private final AtomicBoolean checking = new AtomicBoolean();

	/** Tasks completed at the previous check; touched by the timer thread only. */
	private long completedAtLastCheck;

	/**
	 * Creates the pool.
	 * @param baseWorkers the workers it keeps while busy
	 * @param threads makes the workers
	 * @param timer runs the stall check
	 */
	CallbackPool(int baseWorkers, ThreadFactory threads, ScheduledExecutorService timer) {
		super(baseWorkers, baseWorkers, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
		allowCoreThreadTimeOut(true);
		this.baseWorkers = baseWorkers;
		this.timer = timer;
	}

	@Override
	public void execute(Runnable task) {
		super.execute(task);
		if (!this.checking.get() && !getQueue().isEmpty()) {
			armCheck();
		}
	}

	private void armCheck() {
		if (this.checking.compareAndSet(false, true)) {
			this.completedAtLastCheck = getCompletedTaskCount();
			try {
				this.timer.schedule(this::check, CHECK_MILLIS, TimeUnit.MILLISECONDS);
			}
			catch (RejectedExecutionException ex) {
				// the client is closing
				this.checking.set(false);
			}
		}
	}

	/** On the timer thread: grow when stalled, shrink when idle, and keep checking while tasks wait. */
	private void check() {
		if (isShutdown()) {
			return;
		}
		if (getQueue().isEmpty()) {
			int workers = getCorePoolSize();
			if (workers > this.baseWorkers && getActiveCount() < this.baseWorkers) {
				setCorePoolSize(this.baseWorkers);
				setMaximumPoolSize(this.baseWorkers);
			}
			this.checking.set(false);
			// a task queued between the look at the queue and the line above saw the check armed
			if (!getQueue().isEmpty()) {
				armCheck();
			}
			return;
		}
		long completed = getCompletedTaskCount();
		int workers = getCorePoolSize();
		if (completed == this.completedAtLastCheck && workers < this.baseWorkers + MAX_EXTRA_WORKERS) {
			// every worker is busy with the same task as at the previous check: one more takes the queue
			setMaximumPoolSize(workers + 1);
			setCorePoolSize(workers + 1);
		}
		this.completedAtLastCheck = completed;
		try {
			this.timer.schedule(this::check, CHECK_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			this.checking.set(false);
		}
	}

}
