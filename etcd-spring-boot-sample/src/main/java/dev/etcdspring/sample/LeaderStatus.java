package dev.etcdspring.sample;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.etcdspring.coordination.EtcdLeaderInitiator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.integration.leader.event.OnGrantedEvent;
import org.springframework.integration.leader.event.OnRevokedEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A leader-only component: of all the instances of the sample, the one that etcd elected
 * ({@code etcd.leader.enabled=true}) is the active one, and {@code /leader} tells which
 * it is. It learns of leadership from Spring Integration's events, published by the
 * auto-configured {@link EtcdLeaderInitiator}.
 */
@RestController
class LeaderStatus {

	private static final Logger logger = LoggerFactory.getLogger(LeaderStatus.class);

	private final EtcdLeaderInitiator initiator;

	private final AtomicBoolean active = new AtomicBoolean();

	LeaderStatus(EtcdLeaderInitiator initiator) {
		this.initiator = initiator;
	}

	@EventListener
	void onGranted(OnGrantedEvent event) {
		this.active.set(true);
		logger.info("This instance ({}) now leads role {}", candidateId(), event.getRole());
	}

	@EventListener
	void onRevoked(OnRevokedEvent event) {
		this.active.set(false);
		logger.info("This instance ({}) no longer leads role {}", candidateId(), event.getRole());
	}

	String candidateId() {
		return this.initiator.getCandidateId();
	}

	@GetMapping("/leader")
	Leadership leader() {
		return new Leadership(this.active.get(), candidateId(), this.initiator.getLeader().orElse(""));
	}

	/**
	 * What {@code /leader} answers.
	 *
	 * @param active whether this instance leads
	 * @param self this instance's candidate id
	 * @param leader the candidate id of the instance that leads, or empty while none does
	 */
	record Leadership(boolean active, String self, String leader) {
	}

}
