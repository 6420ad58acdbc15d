package dev.etcdspring.client.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.etcdspring.client.event.CallbackPoolStats;
import org.jspecify.annotations.Nullable;

/**
 * The callback executor a client creates when it is given none: a few workers (one per
 * core, at least two) on one shared queue, with an extra worker added when all of them
 * are blocked in callbacks.
 *
 * <p>
 * Why a shared queue: busy workers take task after task without parking. A cached thread
 * pool hands every task to an idle thread, so every response wakes a thread. And a worker
 * that blocks hides nothing: the others keep taking from the same queue (a work-stealing
 * pool failed here, with tasks stuck behind a blocked worker).
 *
 * <p>
 * Why it grows: callbacks are the application's code and may block, in a listener that
 * sleeps or a callback that joins another call of the same client. A fixed pool would
 * starve, or deadlock when every worker waits for a completion only a worker can run.
 * While tasks wait, a check on the client's timer thread every {@value #CHECK_MILLIS} ms
 * looks for evidence that the workers cannot take them: no task completed since the
 * previous check, no worker is free, and every worker is inside a callback in a blocked,
 * waiting or sleeping state (its thread state, as the JVM reports it), at two checks in a
 * row. Then it adds a worker. Time alone is no evidence: a process that gets no CPU for a
 * while (a loaded machine, a CPU limit) makes no progress either, and more threads would
 * not help it. A callback blocked in native I/O (a socket read) looks runnable to the
 * JVM, so a pool whose workers all stay inside callbacks without progress for
 * {@value #SLOW_STALL_CHECKS} checks grows too. The extra workers go when the queue is
 * empty and fewer workers than the base number are busy. Idle workers end after 30 s, the
 * base ones too.
 */
final class CallbackPool extends ThreadPoolExecutor {

	/** How often the stall check runs while tasks wait. */
	static final long CHECK_MILLIS = 20;

	/** Checks in a row with every worker blocked before a worker is added. */
	static final int BLOCKED_CHECKS = 2;

	/**
	 * Checks in a row without progress, every worker inside a callback, before a worker
	 * is added anyway.
	 */
	static final int SLOW_STALL_CHECKS = 50;

	/**
	 * Workers added on stalls, at most: a client whose callbacks all block beyond this
	 * stops.
	 */
	static final int MAX_EXTRA_WORKERS = 1024;

	private final int baseWorkers;

	private final ScheduledExecutorService timer;

	private final AtomicBoolean checking = new AtomicBoolean();

	private final Set<Worker> workers = ConcurrentHashMap.newKeySet();

	// touched by the timer thread only

	/** Tasks completed at the previous check. */
	private long completedAtLastCheck;

	/** Checks in a row that saw no progress with every worker blocked. */
	private int blockedChecks;

	/** Checks in a row that saw no progress with every worker inside a callback. */
	private int stalledChecks;

	/**
	 * Creates the pool.
	 * @param baseWorkers the workers it keeps while busy
	 * @param threads makes the workers
	 * @param timer runs the stall check
	 */
	CallbackPool(int baseWorkers, ThreadFactory threads, ScheduledExecutorService timer) {
		super(baseWorkers, baseWorkers, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
		setThreadFactory((runnable) -> {
			Worker worker = new Worker();
			return threads.newThread(() -> {
				worker.thread = Thread.currentThread();
				currentWorker.set(worker);
				this.workers.add(worker);
				try {
					runnable.run();
				}
				finally {
					this.workers.remove(worker);
				}
			});
		});
		allowCoreThreadTimeOut(true);
		this.baseWorkers = baseWorkers;
		this.timer = timer;
	}

	/**
	 * A read-only view for gauges: reads without taking the pool's main lock where the
	 * JDK allows (the queue's size, the pool size); the active and completed counts take
	 * it briefly.
	 * @return the view
	 */
	CallbackPoolStats stats() {
		return new CallbackPoolStats() {

			@Override
			public int baseSize() {
				return CallbackPool.this.baseWorkers;
			}

			@Override
			public int poolSize() {
				return getPoolSize();
			}

			@Override
			public int activeCount() {
				return getActiveCount();
			}

			@Override
			public int queueSize() {
				return getQueue().size();
			}

			@Override
			public long completedCount() {
				return getCompletedTaskCount();
			}

		};
	}

	/** What the stall check knows of one worker thread. */
	private static final class Worker {

		volatile @Nullable Thread thread;

		/** Whether the worker is inside a task (as opposed to waiting for one). */
		volatile boolean inTask;

	}

	private static final ThreadLocal<Worker> currentWorker = new ThreadLocal<>();

	@Override
	protected void beforeExecute(Thread thread, Runnable task) {
		Worker worker = currentWorker.get();
		if (worker != null) {
			worker.inTask = true;
		}
	}

	@Override
	protected void afterExecute(Runnable task, Throwable error) {
		Worker worker = currentWorker.get();
		if (worker != null) {
			worker.inTask = false;
		}
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
			this.blockedChecks = 0;
			this.stalledChecks = 0;
			try {
				this.timer.schedule(this::check, CHECK_MILLIS, TimeUnit.MILLISECONDS);
			}
			catch (RejectedExecutionException ex) {
				// the client is closing
				this.checking.set(false);
			}
		}
	}

	/**
	 * On the timer thread: grow when blocked, shrink when idle, and keep checking while
	 * tasks wait.
	 */
	private void check() {
		if (isShutdown()) {
			return;
		}
		if (getQueue().isEmpty()) {
			int size = getCorePoolSize();
			if (size > this.baseWorkers && getActiveCount() < this.baseWorkers) {
				setCorePoolSize(this.baseWorkers);
				setMaximumPoolSize(this.baseWorkers);
			}
			this.checking.set(false);
			// a task queued between the look at the queue and the line above saw the
			// check armed
			if (!getQueue().isEmpty()) {
				armCheck();
			}
			return;
		}
		long completed = getCompletedTaskCount();
		if (completed != this.completedAtLastCheck) {
			this.blockedChecks = 0;
			this.stalledChecks = 0;
		}
		else {
			Stall stall = stall();
			this.blockedChecks = (stall == Stall.BLOCKED) ? this.blockedChecks + 1 : 0;
			this.stalledChecks = (stall != Stall.NONE) ? this.stalledChecks + 1 : 0;
			if ((this.blockedChecks >= BLOCKED_CHECKS || this.stalledChecks >= SLOW_STALL_CHECKS)
					&& getCorePoolSize() < this.baseWorkers + MAX_EXTRA_WORKERS) {
				// one more worker takes the queue
				int size = getCorePoolSize() + 1;
				setMaximumPoolSize(size);
				setCorePoolSize(size);
				this.blockedChecks = 0;
				this.stalledChecks = 0;
			}
		}
		this.completedAtLastCheck = completed;
		try {
			this.timer.schedule(this::check, CHECK_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			this.checking.set(false);
		}
	}

	private enum Stall {

		/**
		 * A worker is free, or not every worker is in a callback: the queue will move.
		 */
		NONE,

		/**
		 * Every worker is inside a callback, some of them runnable (computing, or
		 * descheduled).
		 */
		BUSY,

		/** Every worker is inside a callback and blocked, waiting or sleeping. */
		BLOCKED

	}

	private Stall stall() {
		int inTask = 0;
		int blocked = 0;
		for (Worker worker : this.workers) {
			Thread thread = worker.thread;
			if (thread == null || !worker.inTask) {
				return Stall.NONE;
			}
			inTask++;
			Thread.State state = thread.getState();
			if (state == Thread.State.BLOCKED || state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
				blocked++;
			}
		}
		if (inTask < getCorePoolSize()) {
			// fewer workers than the pool may have: the pool starts one for the next task
			// itself
			return Stall.NONE;
		}
		return (blocked == inTask) ? Stall.BLOCKED : Stall.BUSY;
	}

}
