package dev.etcdspring.client.lease;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.RecordingKeepAliveListener;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdMember;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The member that carries the keep-alive stream freezes (SIGSTOP): its TCP connection
 * stays up, so only the missing answers tell. The keep-alive moves to another member
 * within a third of the TTL, and the lease lives on; a stream left on the frozen member
 * would let it expire.
 */
class LeaseFrozenMemberTests {

	@Test
	void aKeepAliveMovesOffAFrozenMember() {
		try (EtcdCluster cluster = EtcdCluster.builder()
			.members(3)
			.heartbeatInterval(Duration.ofMillis(250))
			.electionTimeout(Duration.ofMillis(2500))
			.start(); EtcdClient client = EtcdClient.builder().endpoints(cluster.clientEndpoints()).build()) {
			cluster.awaitHealthy();
			long id = client.lease().grant(Duration.ofSeconds(6)).join().id();
			RecordingKeepAliveListener recorder = new RecordingKeepAliveListener();
			KeepAlive keepAlive = client.lease().keepAlive(id, recorder);
			await().atMost(Duration.ofSeconds(30)).until(() -> !recorder.renewals.isEmpty());
			EtcdMember carrier = await().atMost(Duration.ofSeconds(30))
				.until(() -> cluster.members()
					.stream()
					.filter((m) -> m.metric("grpc_server_started_total", "grpc_method=\"LeaseKeepAlive\"")
							- m.metric("grpc_server_handled_total", "grpc_method=\"LeaseKeepAlive\"") > 0)
					.findFirst()
					.orElse(null), (m) -> m != null);
			long frozenAt = System.nanoTime();
			carrier.pause();
			try {
				// three TTLs with the stream's first member frozen
				int before = recorder.renewals.size();
				await().atMost(Duration.ofSeconds(60))
					.until(() -> recorder.renewals.size() >= before + 3
							&& System.nanoTime() - frozenAt > TimeUnit.SECONDS.toNanos(18));
				assertThat(recorder.ends).isEmpty();
				// asked of the members that answer: round robin could send the client's
				// own call to
				// the frozen member, where it would wait for its deadline
				List<String> live = cluster.members()
					.stream()
					.filter((m) -> m != carrier)
					.map(EtcdMember::clientEndpoint)
					.toList();
				try (EtcdClient checker = EtcdClient.builder().endpoints(live).build()) {
					assertThat(checker.lease().timeToLive(id, false).join().ttlSeconds()).as("the lease lives")
						.isPositive();
				}
			}
			finally {
				carrier.resume();
			}
			assertThat(keepAlive.isActive()).isTrue();
			keepAlive.close();
		}
	}

}
