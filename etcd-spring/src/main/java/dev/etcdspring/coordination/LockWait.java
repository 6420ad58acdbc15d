package dev.etcdspring.coordination;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * How a thread waits while it takes a lock: until a deadline or without one, and whether
 * an interrupt ends the wait. Calls to etcd are awaited whatever the deadline (the
 * client's request timeout bounds each of them), so that even a zero wait makes one
 * attempt; waiting for another holder and pauses between retries end at the deadline. An
 * uninterruptible wait remembers an interrupt and sets the thread's flag again when it is
 * closed. Not thread-safe: one per attempt.
 */
final class LockWait implements AutoCloseable {

	private final long deadline;

	private final boolean bounded;

	private final boolean interruptible;

	private boolean interrupted;

	private LockWait(long deadline, boolean bounded, boolean interruptible) {
		this.deadline = deadline;
		this.bounded = bounded;
		this.interruptible = interruptible;
	}

	/**
	 * A wait without a deadline.
	 * @param interruptible whether an interrupt ends it
	 * @return the wait
	 */
	static LockWait forever(boolean interruptible) {
		return new LockWait(0, false, interruptible);
	}

	/**
	 * An interruptible wait that ends at a deadline.
	 * @param deadline the deadline, in {@link System#nanoTime()} terms
	 * @return the wait
	 */
	static LockWait until(long deadline) {
		return new LockWait(deadline, true, true);
	}

	/**
	 * Waits for a call to etcd, however long it takes (its own deadline bounds it).
	 * @param <T> the result type
	 * @param call the call
	 * @return its result
	 * @throws InterruptedException when an interruptible wait is interrupted (the call is
	 * cancelled)
	 * @throws RuntimeException the call's own failure, unwrapped
	 */
	<T> T call(CompletableFuture<T> call) throws InterruptedException {
		while (true) {
			try {
				return call.get();
			}
			catch (InterruptedException ex) {
				onInterrupt(call, ex);
			}
			catch (ExecutionException ex) {
				throw unwrap(ex);
			}
		}
	}

	/**
	 * Waits for something another holder does, up to the deadline.
	 * @param event what to wait for
	 * @throws TimeoutException when the deadline passes first
	 * @throws InterruptedException when an interruptible wait is interrupted
	 */
	void event(CompletableFuture<?> event) throws InterruptedException, TimeoutException {
		while (true) {
			try {
				if (this.bounded) {
					event.get(remaining(), TimeUnit.NANOSECONDS);
				}
				else {
					event.get();
				}
				return;
			}
			catch (InterruptedException ex) {
				onInterrupt(event, ex);
			}
			catch (ExecutionException | CancellationException ex) {
				// whoever completed it that way woke us: the caller looks again
				return;
			}
		}
	}

	/**
	 * Pauses before a retry, never past the deadline.
	 * @param nanos how long
	 * @throws TimeoutException when the deadline comes first
	 * @throws InterruptedException when an interruptible wait is interrupted
	 */
	void pause(long nanos) throws InterruptedException, TimeoutException {
		if (this.bounded && remaining() < nanos) {
			throw new TimeoutException();
		}
		long end = System.nanoTime() + nanos;
		for (long left = nanos; left > 0; left = end - System.nanoTime()) {
			try {
				TimeUnit.NANOSECONDS.sleep(left);
			}
			catch (InterruptedException ex) {
				onInterrupt(null, ex);
			}
		}
	}

	private long remaining() throws TimeoutException {
		long remaining = this.deadline - System.nanoTime();
		if (remaining <= 0) {
			throw new TimeoutException();
		}
		return remaining;
	}

	private void onInterrupt(@Nullable CompletableFuture<?> future, InterruptedException ex)
			throws InterruptedException {
		if (this.interruptible) {
			if (future != null) {
				future.cancel(true);
			}
			throw ex;
		}
		this.interrupted = true;
	}

	/**
	 * Sets the thread's interrupt flag again if an uninterruptible wait swallowed an
	 * interrupt.
	 */
	@Override
	public void close() {
		if (this.interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Waits for a call to etcd without giving in to interrupts (setting the flag again
	 * afterwards).
	 * @param <T> the result type
	 * @param call the call
	 * @return its result
	 * @throws RuntimeException the call's own failure, unwrapped
	 */
	static <T> T callUninterruptibly(CompletableFuture<T> call) {
		try (LockWait wait = forever(false)) {
			return wait.call(call);
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException("An uninterruptible wait was interrupted", ex);
		}
	}

	static RuntimeException unwrap(Throwable error) {
		Throwable cause = error;
		while ((cause instanceof ExecutionException || cause instanceof CompletionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause instanceof RuntimeException runtime) {
			return runtime;
		}
		if (cause instanceof Error fatal) {
			throw fatal;
		}
		return new IllegalStateException("The etcd call failed: " + cause, cause);
	}

}
