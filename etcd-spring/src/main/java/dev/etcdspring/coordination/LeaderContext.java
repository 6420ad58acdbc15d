package dev.etcdspring.coordination;

/**
 * The leadership of one {@link EtcdLeaderInitiator}, as its events and
 * {@link EtcdLeaderInitiator#getContext()} hand it out. With Spring Integration present,
 * its {@code OnGrantedEvent} and {@code OnRevokedEvent} carry a Spring Integration
 * {@code Context} that delegates to this one. Thread-safe.
 */
public interface LeaderContext {

	/**
	 * Whether the initiator leads now: it won the election and its session is still
	 * active.
	 * @return whether it leads
	 */
	boolean isLeader();

	/**
	 * Gives up leadership, if held: the initiator resigns (the next candidate in line
	 * leads) and campaigns again at the back of the line. Returns at once; the revoked
	 * event follows.
	 */
	void yieldLeadership();

	/**
	 * The role: the name of the election.
	 * @return the role
	 */
	String getRole();

}
