package dev.etcdspring.coordination;

import org.springframework.context.ApplicationEvent;

/**
 * A change of leadership of an {@link EtcdLeaderInitiator}, published when Spring
 * Integration is absent (with it, Spring Integration's {@code OnGrantedEvent} and
 * {@code OnRevokedEvent} are published instead). Published on the initiator's own thread,
 * one event at a time, in order.
 */
public abstract class LeadershipEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final transient LeaderContext context;

	/**
	 * An event.
	 * @param source the initiator
	 * @param context its leadership
	 */
	protected LeadershipEvent(EtcdLeaderInitiator source, LeaderContext context) {
		super(source);
		this.context = context;
	}

	/**
	 * The leadership, to check or {@linkplain LeaderContext#yieldLeadership() yield} it.
	 * @return the context
	 */
	public LeaderContext getContext() {
		return this.context;
	}

	/**
	 * The role: the name of the election.
	 * @return the role
	 */
	public String getRole() {
		return this.context.getRole();
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[role=" + getRole() + ", source=" + getSource() + "]";
	}

}
