package dev.etcdspring.coordination;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Integration's own {@link LockRegistryLeaderInitiator} over an
 * {@link EtcdLockRegistry}: it relies on re-entrant acquisitions to check that it still
 * holds the lock, and on the lock's expiry when the leader dies.
 */
class LockRegistryLeaderInitiatorTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	private static final Duration WAIT = Duration.ofMinutes(2);

	private final String prefix = Instances.prefix("lock-leader");

	private final Terms terms = Terms.of(this.prefix);

	private final Instances.Fleet fleet = new Instances.Fleet(etcd, this.prefix);

	@AfterEach
	void stop() throws InterruptedException {
		this.fleet.close();
	}

	@Configuration(proxyBeanMethods = false)
	static class InitiatorConfiguration {

		@Bean
		LockRegistryLeaderInitiator leaderInitiator(EtcdLockRegistry registry, Environment environment) {
			String candidate = environment.getRequiredProperty("test.candidate");
			LockRegistryLeaderInitiator initiator = new LockRegistryLeaderInitiator(registry,
					new DefaultCandidate(candidate, "dispatcher"));
			Terms.of(environment.getRequiredProperty("test.prefix")).candidates.put(candidate,
					() -> initiator.getContext().isLeader());
			return initiator;
		}

		@Bean
		Terms.Recorder recorder(Environment environment) {
			return new Terms.Recorder(environment);
		}

	}

	private void instance(String candidate) {
		this.fleet.candidate(candidate, Map.of("test.session-ttl-seconds", 5),
				Instances.LockRegistryConfiguration.class, InitiatorConfiguration.class);
	}

	@Test
	void oneLeaderAtATimeThroughAClosedLeaderAndADeadOne() {
		instance("a");
		instance("b");
		instance("c");
		String first = this.terms.awaitOneLeaderBut(List.of());
		this.fleet.candidate(first).close();
		String second = this.terms.awaitOneLeaderBut(List.of(first));
		// the process dies: the next acquisition fails, the leader steps down; the lock
		// expires with the lease
		this.fleet.candidate(second).getBean(EtcdClient.class).close();
		String third = this.terms.awaitOneLeaderBut(List.of(first, second));
		// the initiator sets its leader flag, then publishes the event
		await().atMost(WAIT).until(() -> this.terms.events.contains("granted " + third));
		// (the closed leader's revoked event comes from its initiator's thread after its
		// context closed)
		assertThat(this.terms.events).containsSubsequence("granted " + first, "granted " + second, "revoked " + second,
				"granted " + third);
		assertThat(this.terms.overlaps).as("leaders when another was granted").isEmpty();
	}

}
