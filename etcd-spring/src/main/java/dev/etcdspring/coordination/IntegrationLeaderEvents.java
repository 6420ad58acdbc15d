package dev.etcdspring.coordination;

import org.springframework.context.ApplicationEvent;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.event.OnGrantedEvent;
import org.springframework.integration.leader.event.OnRevokedEvent;

/**
 * Spring Integration's leader events for an {@link EtcdLeaderInitiator}. The only class
 * of the initiator that refers to Spring Integration: loaded only when it is present.
 */
final class IntegrationLeaderEvents {

	private IntegrationLeaderEvents() {
	}

	static ApplicationEvent event(EtcdLeaderInitiator source, LeaderContext context, boolean granted) {
		Context integrationContext = new IntegrationContext(context);
		return granted ? new OnGrantedEvent(source, integrationContext, context.getRole())
				: new OnRevokedEvent(source, integrationContext, context.getRole());
	}

	/** A Spring Integration {@link Context} over the initiator's own. */
	private record IntegrationContext(LeaderContext context) implements Context {

		@Override
		public boolean isLeader() {
			return this.context.isLeader();
		}

		@Override
		public void yield() {
			this.context.yieldLeadership();
		}

		@Override
		public String getRole() {
			return this.context.getRole();
		}

		@Override
		public String toString() {
			return this.context.toString();
		}

	}

}
