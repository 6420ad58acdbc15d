package dev.etcdspring.client.lease;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.client.Errors;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.RecordingKeepAliveListener;
import dev.etcdspring.client.error.LeaseLostException;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdMember;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An outage longer than a lease's TTL, ended by a slow election: etcd extends every lease
 * when a new leader takes over, so a plain keep-alive must not give the lease up, while a
 * session, which cannot know whether its lease survived, must say it may be lost. Two of
 * three members are killed (the leader among them), so that no member can renew anything
 * however the machine's load moves leadership around, and brought back with an election
 * timeout of 6 s.
 */
class LeaseSlowElectionTests {

	@Test
	void aKeepAliveOutlivesASlowElectionWhileASessionReportsItMayBeLost() {
		try (EtcdCluster cluster = EtcdCluster.builder()
			.members(3)
			.heartbeatInterval(Duration.ofMillis(500))
			.electionTimeout(Duration.ofSeconds(6))
			.start(); EtcdClient client = EtcdClient.builder().endpoints(cluster.clientEndpoints()).build()) {
			cluster.awaitHealthy();
			long id = client.lease().grant(Duration.ofSeconds(3)).join().id();
			RecordingKeepAliveListener recorder = new RecordingKeepAliveListener();
			KeepAlive keepAlive = client.lease().keepAlive(id, recorder);
			Session session = client.lease().newSession(Duration.ofSeconds(3)).join();
			await().atMost(Duration.ofSeconds(30)).until(() -> recorder.renewals.size() >= 2);

			EtcdMember leader = cluster.leader();
			EtcdMember follower = cluster.members().stream().filter((m) -> m != leader).findFirst().orElseThrow();
			long outageStart = System.nanoTime();
			leader.kill();
			follower.kill();
			Throwable lost = Errors.endedWith(session.ended().orTimeout(60, TimeUnit.SECONDS));
			assertThat(lost).isInstanceOf(LeaseLostException.class).hasMessageContaining("may have expired");
			assertThat(session.isActive()).isFalse();
			// twice the TTL without an answer: the keep-alive still waits for the
			// server's word
			await().atMost(Duration.ofSeconds(30))
				.until(() -> System.nanoTime() - outageStart > TimeUnit.SECONDS.toNanos(6));
			assertThat(recorder.ends).isEmpty();
			assertThat(keepAlive.isActive()).isTrue();

			int before = recorder.renewals.size();
			leader.start();
			follower.start();
			await().atMost(Duration.ofSeconds(90)).until(() -> recorder.renewals.size() >= before + 2);
			assertThat(recorder.ends).as("the keep-alive never gave up").isEmpty();
			assertThat(keepAlive.isActive()).isTrue();
			assertThat(client.lease().timeToLive(id, false).join().ttlSeconds()).as("the lease survived").isPositive();
			keepAlive.close();
		}
	}

}
