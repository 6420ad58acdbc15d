package dev.etcdspring.client.election;

import java.util.concurrent.CompletableFuture;

/**
 * An open observation of an election's leaders ({@link ElectionClient#observe}).
 * Thread-safe.
 */
public interface LeaderObservation extends AutoCloseable {

	/**
	 * Whether leaders are still reported: neither closed nor ended by an error.
	 * @return whether more leaders may be reported
	 */
	boolean isActive();

	/**
	 * Completes when the observation ends: normally after {@link #close()}, exceptionally
	 * with the reason when it ends for any other reason (the error the listener received
	 * in {@link LeaderListener#onError}). Never completes while it is active.
	 * @return the future
	 */
	CompletableFuture<Void> ended();

	/** Stops the observation. Idempotent. */
	@Override
	void close();

}
