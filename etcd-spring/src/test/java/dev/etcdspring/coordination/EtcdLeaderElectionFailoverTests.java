package dev.etcdspring.coordination;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdClusterExtension;
import dev.etcdspring.test.EtcdMember;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leader election across three instances of an application on a three-member etcd cluster
 * whose members and instances fail. The members get generous raft timings, so that a
 * loaded machine does not change etcd's own leader by itself.
 */
class EtcdLeaderElectionFailoverTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.perClass(EtcdCluster.builder()
		.members(3)
		.heartbeatInterval(Duration.ofMillis(250))
		.electionTimeout(Duration.ofMillis(2500)));

	private static final int SESSION_TTL_SECONDS = 6;

	private static final Duration WAIT = Duration.ofMinutes(2);

	private final String prefix = Instances.prefix("election");

	private final Terms terms = Terms.of(this.prefix);

	private final Instances.Fleet fleet = new Instances.Fleet(etcd, this.prefix);

	@AfterEach
	void stop() throws InterruptedException {
		this.fleet.close();
	}

	private void instance(String candidate) {
		this.fleet.candidate(candidate, Map.of("test.session-ttl-seconds", SESSION_TTL_SECONDS),
				Terms.InitiatorConfiguration.class);
	}

	@Test
	void oneLeaderAtATimeThroughAMemberKillAClosedLeaderAndADeadOne() {
		instance("a");
		instance("b");
		instance("c");
		String first = this.terms.awaitOneLeaderBut(List.of());
		for (AnnotationConfigApplicationContext instance : this.fleet.instances()) {
			assertThat(instance.getBean(EtcdLeaderInitiator.class).getLeader()).contains(first);
		}

		// etcd's own leader dies: the instances' clients move to the other members
		EtcdMember member = etcd.cluster().leader();
		member.kill();
		assertThat(this.terms.awaitOneLeaderBut(List.of())).isNotNull();

		// the leader's application context closes: the next candidate leads at once
		String closed = this.terms.leaders().get(0);
		this.fleet.candidate(closed).close();
		String second = this.terms.awaitOneLeaderBut(List.of(closed));

		// the leader's process dies: its lease is neither renewed nor revoked, and
		// expires
		this.fleet.candidate(second).getBean(EtcdClient.class).close();
		String third = this.terms.awaitOneLeaderBut(List.of(closed, second));
		// a leader sets its flag, then publishes its event
		await().atMost(WAIT).until(() -> this.terms.events.contains("granted " + third));

		assertThat(List.of(closed, second, third)).doesNotHaveDuplicates();
		assertThat(this.terms.most()).as("leaders at once, by their events").isEqualTo(1);
		assertThat(this.terms.overlaps).as("leaders when another was granted").isEmpty();
		assertThat(this.terms.events).endsWith("revoked " + second, "granted " + third);
		member.start();
	}

}
