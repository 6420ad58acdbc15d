package dev.etcdspring.benchmarks.workloads;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;

/**
 * The ways the workloads wait, each bounded: for a condition that other threads make true
 * under a monitor, and for a batch of asynchronous requests sent with a bound on how many
 * are outstanding.
 */
final class Waits {

	/** Longest a batch may go without one of its requests being answered. */
	static final Duration STALL_TIMEOUT = Duration.ofSeconds(30);

	private Waits() {
	}

	/**
	 * Waits until a condition holds or the timeout passes. The threads that change what
	 * the condition reads do so holding the monitor, and call {@code notifyAll()} on it
	 * when it may have come true.
	 * @param monitor the object whose monitor guards the condition
	 * @param timeout the longest to wait
	 * @param condition read holding the monitor
	 * @return whether the condition held in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	static boolean until(Object monitor, Duration timeout, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (monitor) {
			while (!condition.getAsBoolean()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(monitor, left);
			}
			return true;
		}
	}

	/**
	 * Sends requests with at most {@code inFlight} of them outstanding, and waits until
	 * every one is answered.
	 * @param count requests to send
	 * @param inFlight most requests outstanding at once
	 * @param request sends the request of an index, from 0 to {@code count - 1}
	 * @param what what the batch does, for the failure messages, such as
	 * {@code "Loading the keys"}
	 * @throws IllegalStateException if no request was answered for
	 * {@link #STALL_TIMEOUT}, or one failed (the first failure is the cause)
	 * @throws InterruptedException if interrupted while waiting
	 */
	static void sendAll(int count, int inFlight, IntFunction<CompletableFuture<?>> request, String what)
			throws InterruptedException {
		Semaphore permits = new Semaphore(inFlight);
		AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
		for (int i = 0; i < count; i++) {
			if (!permits.tryAcquire(STALL_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
				throw new IllegalStateException(what + " stalled");
			}
			request.apply(i).whenComplete((result, error) -> {
				if (error != null) {
					failure.compareAndSet(null, error);
				}
				permits.release();
			});
		}
		if (!permits.tryAcquire(inFlight, STALL_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
			throw new IllegalStateException(what + " stalled");
		}
		Throwable error = failure.get();
		if (error != null) {
			throw new IllegalStateException(what + " failed", error);
		}
	}

}
