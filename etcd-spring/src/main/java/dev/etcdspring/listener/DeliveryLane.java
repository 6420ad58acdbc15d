package dev.etcdspring.listener;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The ordered, one-at-a-time delivery of one container: what the watch, its reads and its
 * timers produce is queued here and handled by one thread at a time, in queue order.
 * Without an executor the thread that queues an item into an idle lane handles it and
 * everything queued meanwhile (the client's callback thread, so a slow listener holds
 * that thread, as the client expects); with an executor, one task at a time runs there.
 *
 * <p>
 * An epoch separates one run of the container from the next: {@link #newEpoch()} drops
 * whatever is queued, wakes every wait, and items of older epochs are never handled.
 * Bounded: when more than {@link #HIGH_WATER} events are queued, the thread queueing
 * events waits until the backlog is below {@link #LOW_WATER}, which holds back the watch
 * (the client then pauses it on the server). Thread-safe.
 */
final class DeliveryLane {

	/** Events queued above which the queueing thread waits. */
	static final int HIGH_WATER = 16_384;

	/** Events queued below which waiting threads go on. */
	static final int LOW_WATER = 4_096;

	/** Something to deliver or do, for one epoch. */
	interface Item {

		int epoch();

		/**
		 * How many events the item holds, for the backlog bound.
		 * @return the count
		 */
		default int size() {
			return 0;
		}

	}

	/** What the lane's thread does with items. */
	interface Handler {

		void handle(Item item);

		void failed(int epoch, Throwable error);

	}

	private final Object lock = new Object();

	private final @Nullable Executor executor;

	private final Handler handler;

	private final ArrayDeque<Item> queue = new ArrayDeque<>();

	private int epoch;

	private int queuedEvents;

	private boolean draining;

	private @Nullable Thread drainer;

	private int waiters;

	DeliveryLane(@Nullable Executor executor, Handler handler) {
		this.executor = executor;
		this.handler = handler;
	}

	int epoch() {
		synchronized (this.lock) {
			return this.epoch;
		}
	}

	boolean isCurrent(int epoch) {
		synchronized (this.lock) {
			return this.epoch == epoch;
		}
	}

	/**
	 * Starts a new epoch: queued items are dropped and every wait ends.
	 * @return the new epoch
	 */
	int newEpoch() {
		synchronized (this.lock) {
			this.epoch++;
			this.queue.clear();
			this.queuedEvents = 0;
			this.lock.notifyAll();
			return this.epoch;
		}
	}

	/**
	 * Queues an item of the current epoch (others are dropped) and has it handled.
	 * @param item the item
	 * @throws java.util.concurrent.RejectedExecutionException when the executor refuses
	 * the task
	 */
	void submit(Item item) {
		boolean inline = false;
		Executor schedule = null;
		synchronized (this.lock) {
			if (item.epoch() != this.epoch) {
				return;
			}
			this.queue.add(item);
			this.queuedEvents += item.size();
			if (!this.draining) {
				this.draining = true;
				inline = (this.executor == null);
				schedule = this.executor;
			}
		}
		if (inline) {
			drain();
		}
		else if (schedule != null) {
			try {
				schedule.execute(this::drain);
			}
			catch (RuntimeException ex) {
				synchronized (this.lock) {
					this.draining = false;
				}
				throw ex;
			}
		}
	}

	/**
	 * Waits while the backlog is above the high-water mark, unless called by the lane's
	 * own thread.
	 * @param epoch the epoch the caller queued for; the wait ends with it
	 */
	void awaitRoom(int epoch) {
		synchronized (this.lock) {
			while (this.epoch == epoch && this.queuedEvents > HIGH_WATER && this.draining
					&& this.drainer != Thread.currentThread()) {
				if (!waitLocked(TimeUnit.SECONDS.toNanos(1))) {
					return;
				}
			}
		}
	}

	/**
	 * Waits on the lane's thread, for a retry's back-off, until the time passed or the
	 * epoch ended.
	 * @param epoch the epoch
	 * @param millis how long
	 * @return whether the epoch is still current (false also when the thread was
	 * interrupted)
	 */
	boolean pause(int epoch, long millis) {
		long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		synchronized (this.lock) {
			while (this.epoch == epoch) {
				long remaining = end - System.nanoTime();
				if (remaining <= 0) {
					return true;
				}
				if (!waitLocked(remaining)) {
					return false;
				}
			}
			return false;
		}
	}

	/**
	 * Waits until no item is being handled, unless called by the lane's own thread.
	 * @param timeout how long at most
	 * @return whether the lane is idle (or the caller is its thread)
	 */
	boolean awaitIdle(Duration timeout) {
		long end = System.nanoTime() + timeout.toNanos();
		synchronized (this.lock) {
			while (this.drainer != null && this.drainer != Thread.currentThread()) {
				long remaining = end - System.nanoTime();
				if (remaining <= 0 || !waitLocked(remaining)) {
					return false;
				}
			}
			return true;
		}
	}

	/** Waits on the lock, counted so that the drain notifies only when someone waits. */
	private boolean waitLocked(long nanos) {
		this.waiters++;
		try {
			TimeUnit.NANOSECONDS.timedWait(this.lock, nanos);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.waiters--;
		}
	}

	private void drain() {
		synchronized (this.lock) {
			this.drainer = Thread.currentThread();
		}
		Item item = null;
		try {
			while (true) {
				synchronized (this.lock) {
					item = this.queue.poll();
					if (item == null) {
						this.draining = false;
						this.drainer = null;
						if (this.waiters > 0) {
							this.lock.notifyAll();
						}
						return;
					}
					int before = this.queuedEvents;
					this.queuedEvents -= item.size();
					if (this.waiters > 0 && before >= LOW_WATER && this.queuedEvents < LOW_WATER) {
						this.lock.notifyAll();
					}
					if (item.epoch() != this.epoch) {
						continue;
					}
				}
				this.handler.handle(item);
			}
		}
		catch (Throwable ex) {
			synchronized (this.lock) {
				this.draining = false;
				this.drainer = null;
				this.lock.notifyAll();
			}
			// item is set: nothing before the first poll throws
			this.handler.failed(java.util.Objects.requireNonNull(item).epoch(), ex);
		}
	}

}
