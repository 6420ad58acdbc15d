package dev.etcdspring.client.watch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerArray;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.RecordingListener;
import dev.etcdspring.client.error.NoLeaderException;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdMember;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WatchScaleAndErrorsTests {

	private static long clientThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((t) -> t.getName().startsWith("etcd-client"))
			.count();
	}

	@Test
	void tenThousandWatchesShareOneStreamWithoutAThreadEach() {
		try (EtcdCluster own = EtcdCluster.builder().start();
				EtcdClient client = EtcdClient.builder().endpoints(own.clientEndpoints()).build()) {
			EtcdMember member = own.member(0);
			client.kv().put("scale/warm-up", "v").join();
			long threadsBefore = clientThreads();
			int count = 10_000;
			AtomicIntegerArray seen = new AtomicIntegerArray(count);
			List<Watch> watches = new ArrayList<>(count);
			long start = System.nanoTime();
			for (int i = 0; i < count; i++) {
				int index = i;
				watches.add(client.watch()
					.watch("scale/key/" + i, (response) -> seen.addAndGet(index, response.events().size())));
			}
			CompletableFuture.allOf(watches.stream().map(Watch::created).toArray(CompletableFuture[]::new)).join();
			long openMillis = (System.nanoTime() - start) / 1_000_000;
			long threadsAfter = clientThreads();
			System.out.printf("10,000 watches created in %d ms; client threads %d before, %d after%n", openMillis,
					threadsBefore, threadsAfter);
			assertThat(member.metric("grpc_server_started_total", "grpc_method=\"Watch\"")).isEqualTo(1);
			assertThat(threadsAfter - threadsBefore).as("no thread per watch").isLessThan(100);

			for (int i = 0; i < count; i += 97) {
				client.kv().put("scale/key/" + i, "v").join();
			}
			await().untilAsserted(() -> {
				for (int i = 0; i < count; i++) {
					assertThat(seen.get(i)).as("events of watch %d", i).isEqualTo((i % 97 == 0) ? 1 : 0);
				}
			});
			watches.forEach(Watch::close);
			await().until(() -> member.metric("grpc_server_handled_total", "grpc_method=\"Watch\"") == 1);
		}
	}

	@Test
	void requireLeaderWatchEndsOnceWithNoLeaderWhenQuorumIsLost() {
		try (EtcdCluster cluster = EtcdCluster.builder().members(3).start()) {
			EtcdMember survivor = cluster.member(0);
			try (EtcdClient client = EtcdClient.builder().endpoints(survivor.clientEndpoint()).build()) {
				RecordingListener requireLeader = new RecordingListener();
				RecordingListener patient = new RecordingListener();
				Watch strict = client.watch()
					.watch(KeyRange.key("k"), WatchOptions.DEFAULT.withRequireLeader(), requireLeader);
				Watch lenient = client.watch().watch(KeyRange.key("k"), WatchOptions.DEFAULT, patient);
				strict.created().join();
				lenient.created().join();
				cluster.member(1).kill();
				cluster.member(2).kill();
				await().atMost(Duration.ofSeconds(30)).until(() -> !requireLeader.errors.isEmpty());
				assertThat(requireLeader.errors).singleElement().isInstanceOf(NoLeaderException.class);
				assertThat(strict.isActive()).isFalse();
				assertThat(patient.errors).as("a watch without require-leader waits").isEmpty();
				assertThat(lenient.isActive()).isTrue();

				cluster.member(1).start();
				// the quorum has a leader again before the write
				cluster.awaitHealthy();
				client.kv().put("k", "after quorum").join();
				await().untilAsserted(() -> assertThat(patient.values()).containsExactly("after quorum"));
				assertThat(requireLeader.events).isEmpty();
				assertThat(requireLeader.errors).hasSize(1);
			}
		}
	}

}
