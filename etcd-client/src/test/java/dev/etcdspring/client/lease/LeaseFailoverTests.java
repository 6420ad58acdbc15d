package dev.etcdspring.client.lease;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.RecordingKeepAliveListener;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdMember;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LeaseFailoverTests {

	@Test
	void leaseWithFiveSecondTtlStaysAliveForThirtySecondsAcrossKilledMembers() {
		try (EtcdCluster cluster = EtcdCluster.builder().members(3).start();
				EtcdClient client = EtcdClient.builder().endpoints(cluster.clientEndpoints()).build()) {
			long id = client.lease().grant(Duration.ofSeconds(5)).join().id();
			RecordingKeepAliveListener recorder = new RecordingKeepAliveListener();
			KeepAlive keepAlive = client.lease().keepAlive(id, recorder);
			long start = System.nanoTime();
			await().until(() -> !recorder.renewals.isEmpty());
			// every member goes down once, the leader first, one at a time
			EtcdMember leader = cluster.leader();
			leader.kill();
			await().atMost(Duration.ofSeconds(30)).until(() -> recorder.renewals.size() >= 4);
			leader.start();
			for (EtcdMember member : cluster.members()) {
				if (member != leader) {
					int before = recorder.renewals.size();
					member.kill();
					await().atMost(Duration.ofSeconds(30)).until(() -> recorder.renewals.size() >= before + 3);
					member.start();
				}
			}
			await().atMost(Duration.ofSeconds(40))
				.until(() -> System.nanoTime() - start > TimeUnit.SECONDS.toNanos(30));
			assertThat(recorder.ends).isEmpty();
			assertThat(keepAlive.isActive()).isTrue();
			assertThat(client.lease().timeToLive(id, false).join().ttlSeconds()).isPositive();
		}
	}

}
