package dev.etcdspring.coordination;

/**
 * The initiator became the leader of its role. See {@link LeadershipEvent}.
 */
public class LeadershipGrantedEvent extends LeadershipEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * An event.
	 * @param source the initiator
	 * @param context its leadership
	 */
	public LeadershipGrantedEvent(EtcdLeaderInitiator source, LeaderContext context) {
		super(source, context);
	}

}
