package dev.etcdspring.boot.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdClusterExtension;
import dev.etcdspring.test.EtcdMember;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health of a real three-member cluster while members freeze, die and come back: a frozen
 * or dead follower degrades it, two dead members put it down, and the leader it names is
 * always one that answers.
 */
class EtcdClusterHealthTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.perClass(EtcdCluster.builder()
		.members(3)
		.heartbeatInterval(Duration.ofMillis(200))
		.electionTimeout(Duration.ofMillis(2000)));

	private static final Duration RECOVERY = Duration.ofSeconds(60);

	@Test
	void degradedWithAFrozenOrDeadFollowerDownWithTwoDeadUpAgainWhenTheyReturn() {
		EtcdCluster cluster = etcd.cluster();
		try (EtcdClient client = EtcdClient.builder().endpoints(cluster.clientEndpoints()).build()) {
			EtcdHealthIndicator indicator = new EtcdHealthIndicator(client);
			Health healthy = indicator.health(true);
			assertThat(healthy.getStatus()).isEqualTo(Status.UP);
			assertThat(EtcdHealthIndicatorTests.endpoints(healthy)).hasSize(3)
				.allSatisfy((url, member) -> assertThat(member).containsEntry("reachable", true));
			assertThat(EtcdHealthIndicatorTests.endpoints(healthy).values())
				.filteredOn((member) -> Boolean.TRUE.equals(member.get("leader")))
				.hasSize(1);
			assertThat(healthy.getDetails()).containsKeys("clusterId", "revision", "leader")
				.doesNotContainKey("degraded");

			EtcdMember leader = cluster.leader();
			EtcdMember frozen = cluster.members().stream().filter((m) -> m != leader).findFirst().orElseThrow();
			frozen.pause();
			try {
				for (int i = 0; i < 8; i++) {
					Health health = indicator.health(true);
					assertThat(health.getStatus()).as("check %d with a frozen follower", i).isEqualTo(Status.UP);
					assertThat(health.getDetails()).containsEntry("degraded", true);
					assertThat(EtcdHealthIndicatorTests.endpoints(health).get(frozen.clientEndpoint()))
						.containsEntry("reachable", false)
						.extractingByKey("error")
						.asString()
						.startsWith("No answer within 2 s");
					assertLeaderAnswers(health);
				}
			}
			finally {
				frozen.resume();
			}
			await().atMost(RECOVERY).until(() -> isFullyUp(indicator.health(true)));

			EtcdMember dead = cluster.members().stream().filter((m) -> !m.isLeader()).findFirst().orElseThrow();
			dead.kill();
			// a loaded machine may move leadership meanwhile: then the health is DOWN
			// until the election ends
			AtomicReference<Health> last = new AtomicReference<>();
			await().atMost(RECOVERY).until(() -> {
				last.set(indicator.health(true));
				return last.get().getStatus().equals(Status.UP);
			});
			Health degraded = last.get();
			assertThat(degraded.getDetails()).containsEntry("degraded", true)
				.extractingByKey("reason")
				.asString()
				.contains(dead.clientEndpoint());
			assertThat(EtcdHealthIndicatorTests.endpoints(degraded).get(dead.clientEndpoint()))
				.containsEntry("reachable", false);

			EtcdMember second = cluster.members().stream().filter((m) -> m != dead).findFirst().orElseThrow();
			second.kill();
			Health down = indicator.health(true);
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails().get("reason")).asString().startsWith("1 of 3 endpoints answered");

			dead.start();
			second.start();
			await().atMost(RECOVERY).until(() -> isFullyUp(indicator.health(true)));
		}
	}

	@Test
	void theLeaderShownIsAlwaysOneThatAnswers() {
		EtcdCluster cluster = etcd.cluster();
		try (EtcdClient client = EtcdClient.builder().endpoints(cluster.clientEndpoints()).build()) {
			EtcdHealthIndicator indicator = new EtcdHealthIndicator(client);
			await().atMost(RECOVERY).until(() -> isFullyUp(indicator.health(true)));
			EtcdMember leader = cluster.leader();
			leader.kill();
			try {
				// until a new leader is elected the health is DOWN; never UP naming the
				// dead leader
				await().atMost(RECOVERY).until(() -> {
					Health health = indicator.health(true);
					if (health.getStatus().equals(Status.UP)) {
						assertLeaderAnswers(health);
						assertThat(health.getDetails().get("leader")).asString()
							.doesNotContain(leader.clientEndpoint());
						return true;
					}
					return false;
				});
			}
			finally {
				leader.start();
			}
			await().atMost(RECOVERY).until(() -> isFullyUp(indicator.health(true)));
		}
	}

	private static boolean isFullyUp(Health health) {
		return health.getStatus().equals(Status.UP) && !health.getDetails().containsKey("degraded");
	}

	@SuppressWarnings("unchecked")
	private static void assertLeaderAnswers(Health health) {
		Map<String, Object> leader = (Map<String, Object>) health.getDetails().get("leader");
		assertThat(leader).containsKey("endpoint");
		assertThat(EtcdHealthIndicatorTests.endpoints(health).get((String) leader.get("endpoint")))
			.containsEntry("reachable", true)
			.containsEntry("leader", true);
	}

}
