package dev.etcdspring.client.lease;

import java.util.concurrent.CompletableFuture;

/**
 * A lease being kept alive. Closing it stops the renewals (the lease then expires after
 * its TTL; revoke it to end it at once). Thread-safe.
 */
public interface KeepAlive extends AutoCloseable {

	/**
	 * The lease id.
	 * @return the id
	 */
	long leaseId();

	/**
	 * Completes when the keep-alive ends: normally after {@link #close()}, exceptionally
	 * with the reason when it ends for any other reason (the lease expired or was
	 * revoked, or the client closed). Never completes while it is active.
	 * @return the future
	 */
	CompletableFuture<Void> ended();

	/**
	 * Whether renewals go on.
	 * @return whether the keep-alive is neither closed nor ended
	 */
	boolean isActive();

	/** Stops renewing the lease. Idempotent. */
	@Override
	void close();

}
