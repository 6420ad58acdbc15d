package dev.etcdspring.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.springframework.dao.QueryTimeoutException;

/**
 * One deadline for all the calls of one {@link EtcdTemplate} method, and the blocking
 * wait for each of them: a call is only started while time is left, a wait ends at the
 * deadline, and an interrupt or the deadline cancels the call in flight. Not thread-safe:
 * one per method call.
 */
final class Deadline {

	private final Duration timeout;

	private final LongSupplier nanoClock;

	private final long end;

	private Deadline(Duration timeout, LongSupplier nanoClock) {
		this.timeout = timeout;
		this.nanoClock = nanoClock;
		this.end = nanoClock.getAsLong() + timeout.toNanos();
	}

	/**
	 * A deadline {@code timeout} from now.
	 * @param timeout the time all calls together may take
	 * @return the deadline
	 */
	static Deadline in(Duration timeout) {
		return in(timeout, System::nanoTime);
	}

	static Deadline in(Duration timeout, LongSupplier nanoClock) {
		return new Deadline(timeout, nanoClock);
	}

	/**
	 * Starts a call if the thread is not interrupted and time is left, and waits for its
	 * result until the deadline.
	 * @param <T> the result type
	 * @param call starts the call
	 * @return the result
	 * @throws EtcdInterruptedException when the thread was interrupted before or during
	 * the wait (its flag set again, the call cancelled)
	 * @throws QueryTimeoutException when the deadline passed before or during the wait
	 * (the call cancelled)
	 * @throws RuntimeException the call's own failure, unwrapped
	 */
	<T> T await(Supplier<CompletableFuture<T>> call) {
		if (Thread.currentThread().isInterrupted()) {
			throw new EtcdInterruptedException("Interrupted before calling etcd: nothing was sent",
					new InterruptedException());
		}
		long remaining = this.end - this.nanoClock.getAsLong();
		if (remaining <= 0) {
			throw timedOut("before its last call was sent");
		}
		CompletableFuture<T> future = call.get();
		try {
			return future.get(remaining, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			Thread.currentThread().interrupt();
			throw new EtcdInterruptedException("Interrupted while waiting for etcd: the call was cancelled (a write "
					+ "may or may not have been applied)", ex);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw timedOut("and its call was cancelled (a write may or may not have been applied)");
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException("The etcd call failed: " + cause, cause);
		}
	}

	private QueryTimeoutException timedOut(String what) {
		return new QueryTimeoutException("The EtcdTemplate call did not complete within its timeout of "
				+ this.timeout.toMillis() + " ms " + what + ". Raise it with EtcdTemplate.setTimeout (in Spring Boot: "
				+ "etcd.request-timeout) if etcd is just slow");
	}

}
