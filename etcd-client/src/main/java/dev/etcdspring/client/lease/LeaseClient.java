package dev.etcdspring.client.lease;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.etcdspring.client.ResponseHeader;

/**
 * Leases: etcd's Lease service. A lease expires unless renewed within its TTL; keys
 * attached to it are deleted when it ends.
 *
 * <p>
 * All leases kept alive by one client share one LeaseKeepAlive stream. Each is renewed a
 * third of its TTL after the last renewal; when the stream breaks it is reopened at once
 * (backing off on repeated failures) and due renewals are sent right away. A listener
 * hears each renewal and, once, that the lease ended.
 *
 * <p>
 * Unary calls have the client's request timeout (see {@link #withTimeout(Duration)}) and
 * are retried on another member when one is unavailable; futures complete on the client's
 * callback executor. Thread-safe; obtained from
 * {@link dev.etcdspring.client.EtcdClient#lease()}.
 *
 * <p>
 * Cancelling a returned future cancels the call on the wire: its HTTP/2 stream is reset
 * and the server stops working on it (a write that already reached the server may still
 * be applied).
 */
public interface LeaseClient {

	/**
	 * Grants a lease.
	 * @param ttl the time to live, rounded up to whole seconds
	 * @return the lease
	 */
	CompletableFuture<LeaseGrant> grant(Duration ttl);

	/**
	 * Revokes a lease: it ends at once and its keys are deleted.
	 * @param leaseId the lease
	 * @return the response header
	 */
	CompletableFuture<ResponseHeader> revoke(long leaseId);

	/**
	 * What the server knows of a lease.
	 * @param leaseId the lease
	 * @param withKeys whether to list the keys attached to it
	 * @return its remaining and granted TTL (-1 when it does not exist)
	 */
	CompletableFuture<LeaseTimeToLive> timeToLive(long leaseId, boolean withKeys);

	/**
	 * Every lease the server knows.
	 * @return the lease ids
	 */
	CompletableFuture<LeaseList> leases();

	/**
	 * Renews a lease once.
	 * @param leaseId the lease
	 * @return the renewal; fails with
	 * {@link dev.etcdspring.client.error.LeaseNotFoundException} when the lease no longer
	 * exists
	 */
	CompletableFuture<LeaseRenewal> keepAliveOnce(long leaseId);

	/**
	 * Keeps a lease alive until the returned handle is closed or the lease ends.
	 * @param leaseId the lease
	 * @param listener hears each renewal and the end
	 * @return the keep-alive
	 */
	KeepAlive keepAlive(long leaseId, KeepAliveListener listener);

	/**
	 * Grants a lease and keeps it alive until the session is closed (which revokes it).
	 * @param ttl how long the session outlives its client: the lease's TTL
	 * @return the session
	 */
	CompletableFuture<Session> newSession(Duration ttl);

	/**
	 * A view of this client whose unary calls have another deadline.
	 * @param timeout the deadline of each call
	 * @return the view
	 */
	LeaseClient withTimeout(Duration timeout);

}
