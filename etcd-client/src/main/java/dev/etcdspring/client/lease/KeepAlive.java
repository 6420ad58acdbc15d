package dev.etcdspring.client.lease;

import java.util.concurrent.CompletableFuture;

import dev.etcdspring.client.error.EtcdException;

/**
 * A lease being kept alive. Closing it stops the renewals (the lease then expires after its TTL;
 * revoke it to end it at once). Thread-safe.
 */
public interface KeepAlive extends AutoCloseable {

	/**
	 * The lease id.
	 * @return the id
	 */
	long leaseId();

	/**
	 * Completes, with the reason, when the lease stops being kept alive for any reason but
	 * {@link #close()}: expired, revoked, lost, or the client closed.
	 * @return the future
	 */
	CompletableFuture<EtcdException> ended();

	/**
	 * Whether renewals go on.
	 * @return whether the keep-alive neither ended nor was closed
	 */
	boolean isActive();

	/** Stops renewing the lease. Idempotent. */
	@Override
	void close();

}
