package dev.etcdspring.client.lease;

import java.util.concurrent.CompletableFuture;

/**
 * A lease the client keeps alive on behalf of locks and elections: everything held with
 * the session (a lock, a leadership, keys put with its lease) lasts as long as the
 * session.
 *
 * <p>
 * A session is lost as soon as its lease may have expired, so that a lock holder can stop
 * acting in time: when the server says the lease is gone, and also when no renewal was
 * answered within the TTL, counted from the sending of the last answered renewal
 * ({@link dev.etcdspring.client.error.LeaseLostException}; the lease may in fact have
 * survived, a new leader extends leases, but nobody can tell). Then {@link #ended()}
 * completes exceptionally, the session stops renewing and revokes its lease (best
 * effort), and whoever holds a lock with it must assume the lock is gone. Closing the
 * session revokes the lease, releasing at once everything held with it. Closing the
 * client without closing the session leaves the lease to expire after its TTL.
 * Thread-safe.
 */
public interface Session extends AutoCloseable {

	/**
	 * The session's lease id.
	 * @return the id
	 */
	long leaseId();

	/**
	 * Completes when the session ends: normally after {@link #close()} (once the lease is
	 * revoked), exceptionally with the reason when it ends for any other reason (the
	 * lease is lost: {@link dev.etcdspring.client.error.LeaseLostException},
	 * {@link dev.etcdspring.client.error.LeaseNotFoundException}, or the client closed).
	 * Never completes while it is active.
	 * @return the future
	 */
	CompletableFuture<Void> ended();

	/**
	 * Whether the lease is still kept alive.
	 * @return whether the session is neither lost nor closed
	 */
	boolean isActive();

	/**
	 * Stops the keep-alive and revokes the lease, waiting for the revoke up to the
	 * client's close timeout (or its request timeout, if shorter), so that what the
	 * session held is free for others when this returns. If etcd does not answer in that
	 * time (it is down, say, when an application and its etcd stop together), the lease
	 * expires after its TTL. Idempotent.
	 */
	@Override
	void close();

}
