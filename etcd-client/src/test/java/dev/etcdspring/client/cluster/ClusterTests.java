package dev.etcdspring.client.cluster;

import java.time.Duration;
import java.util.List;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdMember;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ClusterTests {

	@Test
	void listAddLearnerUpdatePromoteAndRemove() {
		try (EtcdCluster cluster = EtcdCluster.builder().members(3).start();
				EtcdClient client = EtcdClient.builder().endpoints(cluster.clientEndpoints()).build()) {
			MemberList initial = client.cluster().list().join();
			assertThat(initial.members()).hasSize(3).allSatisfy((m) -> {
				assertThat(m.isStarted()).isTrue();
				assertThat(m.learner()).isFalse();
				assertThat(m.clientUrls()).singleElement().asString().startsWith("http://127.0.0.1:");
			});
			assertThat(initial.members()).extracting(Member::name).containsExactlyInAnyOrder("m0", "m1", "m2");

			EtcdMember joining = cluster.newMember();
			// etcd refuses membership changes until every member has been connected for a
			// while
			MemberList added = await().atMost(Duration.ofSeconds(30))
				.ignoreExceptionsMatching(
						(e) -> e.getCause() instanceof dev.etcdspring.client.error.UnavailableException
								&& e.getMessage().contains("unhealthy cluster"))
				.until(() -> client.cluster().add(List.of(joining.peerUrl()), true).join(), (list) -> true);
			Member learner = added.members().get(0);
			assertThat(learner.learner()).isTrue();
			assertThat(learner.isStarted()).isFalse();
			assertThat(learner.peerUrls()).containsExactly(joining.peerUrl());
			assertThat(added.members()).hasSize(4);

			joining.start();
			// a learner can be promoted once it has caught up with the leader
			await().atMost(Duration.ofSeconds(30))
				.ignoreExceptionsMatching((e) -> e.getMessage().contains("in sync with leader"))
				.until(() -> client.cluster().promote(learner.id()).join(), (list) -> true);
			assertThat(client.cluster().list().join().members()).hasSize(4)
				.allSatisfy((m) -> assertThat(m.learner()).isFalse());

			String alias = joining.peerUrl().replace("127.0.0.1", "localhost");
			MemberList updated = client.cluster().updatePeerUrls(learner.id(), List.of(alias)).join();
			assertThat(updated.members()).filteredOn((m) -> m.id() == learner.id())
				.singleElement()
				.satisfies((m) -> assertThat(m.peerUrls()).containsExactly(alias));

			MemberList remaining = client.cluster().remove(learner.id()).join();
			assertThat(remaining.members()).hasSize(3).noneSatisfy((m) -> assertThat(m.id()).isEqualTo(learner.id()));
			joining.kill();
		}
	}

	@Test
	void autoSyncLearnsTheOtherMembersSoTheFirstOneCanDie() {
		try (EtcdCluster cluster = EtcdCluster.builder().members(3).start()) {
			// start from a follower: killing the leader would also test an election,
			// where writes in
			// flight may fail (their outcome unknown) until a new leader is chosen
			EtcdMember leader = cluster.leader();
			EtcdMember first = cluster.members().stream().filter((m) -> m != leader).findFirst().orElseThrow();
			try (EtcdClient client = EtcdClient.builder()
				.endpoints(first.clientEndpoint())
				.autoSyncInterval(Duration.ofMillis(300))
				.build()) {
				autoSyncThenLose(cluster, first, client);
			}
		}
	}

	private static void autoSyncThenLose(EtcdCluster cluster, EtcdMember first, EtcdClient client) {
		await().until(() -> client.endpoints().size() == 3);
		assertThat(client.endpoints()).containsExactlyInAnyOrderElementsOf(cluster.clientEndpoints());
		client.kv().put("sync/k", "before").join();
		first.kill();
		for (int i = 0; i < 50; i++) {
			// a put in flight on the killed member's connection fails as unavailable, its
			// outcome unknown; putting the same value again is harmless here, and then
			// goes to a live member
			String value = "after-" + i;
			await().atMost(Duration.ofSeconds(30))
				.ignoreExceptionsMatching(
						(e) -> e.getCause() instanceof dev.etcdspring.client.error.UnavailableException)
				.until(() -> client.kv().put("sync/k", value).join(), (result) -> true);
			assertThat(client.kv().get("sync/k").join().first().orElseThrow().valueAsString()).isEqualTo("after-" + i);
		}
	}

}
