package dev.etcdspring.coordination;

/**
 * The initiator no longer leads its role: it yielded, stopped, or lost its etcd session.
 * See {@link LeadershipEvent}.
 */
public class LeadershipRevokedEvent extends LeadershipEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * An event.
	 * @param source the initiator
	 * @param context its leadership
	 */
	public LeadershipRevokedEvent(EtcdLeaderInitiator source, LeaderContext context) {
		super(source, context);
	}

}
