package dev.etcdspring.client.event;

import dev.etcdspring.client.error.EtcdException;
import org.jspecify.annotations.Nullable;

/**
 * Hears what happens inside a client that gRPC interceptors cannot see: watches created,
 * resumed and ended, watch events received, long-lived streams reopened, leases kept
 * alive, renewed and lost, auth tokens refreshed, connections to endpoints made and lost,
 * and the client's callback pool. Added with
 * {@link dev.etcdspring.client.EtcdClientBuilder#listener(EtcdClientListener)}; the model
 * is the command listener of the MongoDB driver: a small listener in the client, the
 * metrics library's binding in the integration (Spring Boot binds one to Micrometer).
 *
 * <p>
 * Every method has an empty default, so an implementation overrides what it needs. The
 * client calls listeners one event at a time, in the order the events happened, on its
 * callback executor (never on a Netty event loop, never while it holds a lock of its
 * own): a listener needs no synchronisation of its own for ordering, but should be quick
 * (a counter, a log line), since a slow one delays the events after it (not the client's
 * calls). A listener that throws is logged and called again for the next event. A client
 * without listeners does none of this work.
 *
 * <p>
 * Values are low-cardinality on purpose: no key, no value, no credential or token ever
 * reaches a listener.
 */
public interface EtcdClientListener {

	/**
	 * The client created its own callback pool (it does unless given an executor); called
	 * once, first.
	 * @param pool a live, read-only view of the pool, valid until the client is closed
	 */
	default void callbackPoolStarted(CallbackPoolStats pool) {
	}

	/**
	 * A TCP connection of the client's channel to an endpoint was established, or was
	 * lost (not reported when the client closes). Connections to single members, made for
	 * calls that must reach one member (status, defragment), are not reported.
	 * @param endpoint the endpoint's URL as configured, such as
	 * {@code http://10.0.0.1:2379} (or {@code host:port} of the address when it is not
	 * one of the configured endpoints)
	 * @param connected whether the connection is now up
	 */
	default void connectionStateChanged(String endpoint, boolean connected) {
	}

	/**
	 * A long-lived stream broke while it still carried something and is being reopened
	 * (at once, or after a back-off, or after authenticating again). Not called when the
	 * client closes, nor when a stream ends because nothing is left to carry.
	 * @param stream which stream
	 */
	default void streamReopened(StreamKind stream) {
	}

	/**
	 * The server confirmed the creation of a new watch (once per watch).
	 */
	default void watchCreated() {
	}

	/**
	 * The server created a watch again, from its next revision: after its stream was
	 * reopened, or after the watch was paused because its listener fell far behind.
	 */
	default void watchResumed() {
	}

	/**
	 * A watch ended: closed by the application ({@code error == null}) or ended by an
	 * error (compaction, permission denied, the client closed, …). Called once per watch.
	 * @param created whether the server had confirmed the watch's creation (a watch that
	 * ends before is one whose creation failed or that was closed at once)
	 * @param error why, or {@code null} when the application closed it
	 */
	default void watchEnded(boolean created, @Nullable EtcdException error) {
	}

	/**
	 * A response with events arrived for a watch and was queued for its listener.
	 * @param count the number of events (at least one)
	 */
	default void watchEventsReceived(int count) {
	}

	/**
	 * The client started keeping a lease alive ({@code lease().keepAlive(…)} or a
	 * session).
	 * @param leaseId the lease
	 */
	default void keepAliveStarted(long leaseId) {
	}

	/**
	 * The server renewed a kept-alive lease.
	 * @param leaseId the lease
	 * @param ttlSeconds the TTL it was renewed to
	 */
	default void leaseRenewed(long leaseId, long ttlSeconds) {
	}

	/**
	 * A keep-alive failure: a renewal of the lease went unanswered for half a second and
	 * is being sent again (the member is slow, or the connection is failing). Repeated
	 * while no answer comes.
	 * @param leaseId the lease
	 */
	default void keepAliveFailed(long leaseId) {
	}

	/**
	 * A keep-alive ended, for any reason: closed, lease lost, client closed.
	 * @param leaseId the lease
	 */
	default void keepAliveEnded(long leaseId) {
	}

	/**
	 * A kept-alive lease was lost: the server says it no longer exists (it expired or was
	 * revoked elsewhere), or a session's lease went unrenewed for a whole TTL, so that
	 * what it held may now be someone else's. Called once per lease (not for a lease the
	 * application revoked, nor when the client closes).
	 * @param leaseId the lease
	 * @param reason a {@link dev.etcdspring.client.error.LeaseNotFoundException} or a
	 * {@link dev.etcdspring.client.error.LeaseLostException}
	 */
	default void leaseLost(long leaseId, EtcdException reason) {
	}

	/**
	 * The client was closed; the last event. A listener that registered meters can remove
	 * them now.
	 */
	default void clientClosed() {
	}

	/**
	 * The client authenticated again because the server rejected its token (or
	 * authenticated for the first time), successfully or not. The token itself is never
	 * passed.
	 * @param error why authenticating failed, or {@code null} on success
	 */
	default void authTokenRefreshed(@Nullable EtcdException error) {
	}

}
