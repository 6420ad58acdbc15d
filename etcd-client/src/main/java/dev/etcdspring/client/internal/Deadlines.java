package dev.etcdspring.client.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * Enforces the deadlines of unary calls on the client: one timer task, due at the
 * earliest deadline of the calls in flight, cancels those past their deadline (which
 * resets the HTTP/2 stream, so the server stops working on them) and sets itself for the
 * next earliest one. So the timer wakes once per deadline that could be due, not at a
 * fixed rate: a lock awaited for minutes costs one wake-up. Calls usually share one
 * request timeout, so a new call's deadline is seldom the earliest and adding it costs
 * one set insertion.
 *
 * <p>
 * gRPC's own deadlines would also send a {@code grpc-timeout} header, which makes etcd
 * set up a timed context for every request: measured on this project's benchmark, about
 * 15% more client CPU and 20% more server CPU per request at 128 in flight.
 */
final class Deadlines {

	/** A call with a deadline. */
	interface Timed {

		long deadlineNanos();

		void deadlinePassed();

	}

	private final ScheduledExecutorService timer;

	private final Set<Timed> inFlight = ConcurrentHashMap.newKeySet();

	private final Object lock = new Object();

	private final AtomicLong sweeps = new AtomicLong();

	/** Whether a sweep is scheduled; {@link #wakeAt} is its time. */
	private volatile boolean armed;

	private volatile long wakeAt;

	private @Nullable ScheduledFuture<?> pending;

	Deadlines(ScheduledExecutorService timer) {
		this.timer = timer;
	}

	void add(Timed call) {
		this.inFlight.add(call);
		long deadline = call.deadlineNanos();
		if (!this.armed || deadline - this.wakeAt < 0) {
			arm(deadline);
		}
	}

	void remove(Timed call) {
		this.inFlight.remove(call);
	}

	/** How many sweeps ran, for tests. */
	long sweeps() {
		return this.sweeps.get();
	}

	private void arm(long at) {
		synchronized (this.lock) {
			if (this.armed && at - this.wakeAt >= 0) {
				return;
			}
			ScheduledFuture<?> earlier = this.pending;
			if (earlier != null) {
				earlier.cancel(false);
			}
			this.wakeAt = at;
			this.armed = true;
			try {
				this.pending = this.timer.schedule(this::sweep, Math.max(0, at - System.nanoTime()),
						TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException ex) {
				// closed: the calls end with the channel
				this.pending = null;
			}
		}
	}

	@SuppressWarnings("ModifyCollectionInEnhancedForLoop") // a concurrent set: removing
															// while iterating is safe
	private void sweep() {
		this.sweeps.incrementAndGet();
		synchronized (this.lock) {
			this.armed = false;
			this.pending = null;
		}
		// a call added from here on arms its own deadline; one added before is seen below
		long now = System.nanoTime();
		boolean waiting = false;
		long earliest = 0;
		for (Timed call : this.inFlight) {
			long deadline = call.deadlineNanos();
			if (now - deadline >= 0) {
				if (this.inFlight.remove(call)) {
					call.deadlinePassed();
				}
			}
			else if (!waiting || deadline - earliest < 0) {
				waiting = true;
				earliest = deadline;
			}
		}
		if (waiting) {
			arm(earliest);
		}
	}

}
