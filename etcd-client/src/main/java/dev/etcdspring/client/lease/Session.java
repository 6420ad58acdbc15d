package dev.etcdspring.client.lease;

import java.util.concurrent.CompletableFuture;

import dev.etcdspring.client.error.EtcdException;

/**
 * A lease the client keeps alive on behalf of locks and elections: everything held with the
 * session (a lock, a leadership, keys put with its lease) lasts as long as the session.
 *
 * <p>If the session's lease is lost (expired, revoked, or unrenewed for longer than its TTL),
 * {@link #lost()} completes: whoever holds a lock with it must assume the lock is gone. Closing the
 * session revokes the lease, releasing at once everything held with it. Closing the client without
 * closing the session leaves the lease to expire after its TTL. Thread-safe.
 */
public interface Session extends AutoCloseable {

	/**
	 * The session's lease id.
	 * @return the id
	 */
	long leaseId();

	/**
	 * Completes, with the reason, when the lease is lost; not when the session is closed.
	 * @return the future
	 */
	CompletableFuture<EtcdException> lost();

	/**
	 * Whether the lease is still kept alive.
	 * @return whether the session is neither lost nor closed
	 */
	boolean isAlive();

	/**
	 * Stops the keep-alive and revokes the lease, waiting (up to the request timeout) for the
	 * revoke. Idempotent.
	 */
	@Override
	void close();

}
