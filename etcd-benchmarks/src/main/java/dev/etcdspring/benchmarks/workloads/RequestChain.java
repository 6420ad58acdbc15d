package dev.etcdspring.benchmarks.workloads;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * A chain of asynchronous requests, each sent from the completion of the previous one, on
 * whatever thread the client completes it: a fixed number of chains keeps that many
 * requests in flight with no thread per request and nothing blocking. A reply that is
 * already complete when it is returned is handled in a loop rather than by recursion.
 *
 * <p>
 * Subclasses keep their state in plain fields: each completion happens before the next
 * send, so one request of a chain touches them at a time.
 */
abstract class RequestChain {

	/**
	 * Sends requests until one is still pending, then returns; its completion sends the
	 * next, until {@link #hasNext()} is false, when the chain calls {@link #finished()}
	 * once.
	 */
	final void start() {
		while (true) {
			if (!hasNext()) {
				finished();
				return;
			}
			long start = System.nanoTime();
			CompletableFuture<?> reply;
			try {
				reply = next();
			}
			catch (RuntimeException ex) {
				reply = CompletableFuture.failedFuture(ex);
			}
			if (reply.isDone()) {
				// runs at once: loop rather than recurse
				reply.whenComplete((result, error) -> completed(start, result, error));
				continue;
			}
			reply.whenComplete((result, error) -> {
				completed(start, result, error);
				start();
			});
			return;
		}
	}

	/**
	 * Whether to send another request.
	 * @return false to end the chain
	 */
	abstract boolean hasNext();

	/**
	 * Sends the next request.
	 * @return its reply
	 */
	abstract CompletableFuture<?> next();

	/**
	 * One request completed.
	 * @param startNanos {@link System#nanoTime()} right before it was sent
	 * @param result its result, null when it failed
	 * @param error why it failed, or null
	 */
	abstract void completed(long startNanos, @Nullable Object result, @Nullable Throwable error);

	/**
	 * The chain has ended: no request of it is in flight any more.
	 */
	abstract void finished();

}
