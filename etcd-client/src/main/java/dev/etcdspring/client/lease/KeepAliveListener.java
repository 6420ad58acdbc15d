package dev.etcdspring.client.lease;

import dev.etcdspring.client.error.EtcdException;

/**
 * Hears about one kept-alive lease. Calls never overlap and keep their order; they run on
 * the client's callback executor.
 */
public interface KeepAliveListener {

	/**
	 * The lease was renewed. The default does nothing.
	 * @param renewal the new TTL
	 */
	default void onRenewed(LeaseRenewal renewal) {
	}

	/**
	 * The lease is no longer kept alive; called once, and nothing follows. Not called
	 * when the keep-alive is closed with {@link KeepAlive#close()}. A keep-alive never
	 * gives up on its own while the server may still hold the lease: through an outage it
	 * keeps trying, and a member that becomes leader extends every lease, so a lease can
	 * outlive a gap longer than its TTL. (A {@link Session} is stricter: it is lost as
	 * soon as its lease may have expired.) The default does nothing.
	 * <ul>
	 * <li>{@link dev.etcdspring.client.error.LeaseNotFoundException}: the server no
	 * longer knows the lease: it expired or was revoked;</li>
	 * <li>{@link dev.etcdspring.client.error.AuthException}: authenticating again
	 * failed;</li>
	 * <li>{@link dev.etcdspring.client.error.ClientClosedException}: the client was
	 * closed (the lease lives on until its TTL runs out).</li>
	 * </ul>
	 * @param reason why
	 */
	default void onEnded(EtcdException reason) {
	}

}
