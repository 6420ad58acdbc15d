package dev.etcdspring.client.lease;

import java.time.Duration;

import dev.etcdspring.client.Errors;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.RecordingKeepAliveListener;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.error.LeaseLostException;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdMember;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A leader killed in a cluster whose election takes longer than a lease's TTL: etcd extends every
 * lease when a new leader takes over, so a plain keep-alive must not give the lease up, while a
 * session, which cannot know whether its lease survived, must say it may be lost.
 */
class LeaseSlowElectionTest {

	@Test
	void aKeepAliveOutlivesASlowElectionWhileASessionReportsItMayBeLost() {
		try (EtcdCluster cluster = EtcdCluster.builder()
			.members(3)
			.heartbeatInterval(Duration.ofMillis(500))
			.electionTimeout(Duration.ofSeconds(6))
			.start();
				EtcdClient client = EtcdClient.builder().endpoints(cluster.clientEndpoints()).build()) {
			cluster.awaitHealthy();
			long id = client.lease().grant(Duration.ofSeconds(3)).join().id();
			RecordingKeepAliveListener recorder = new RecordingKeepAliveListener();
			KeepAlive keepAlive = client.lease().keepAlive(id, recorder);
			Session session = client.lease().newSession(Duration.ofSeconds(3)).join();
			await().atMost(Duration.ofSeconds(30)).until(() -> recorder.renewals.size() >= 2);

			EtcdMember leader = cluster.leader();
			leader.kill();
			// the others wait at least 6 s before they elect a leader: twice the TTL without renewals
			Throwable lost = Errors.endedWith(session.ended().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS));
			assertThat(lost).isInstanceOf(LeaseLostException.class).hasMessageContaining("may have expired");
			assertThat(session.isActive()).isFalse();

			int before = recorder.renewals.size();
			await().atMost(Duration.ofSeconds(60)).until(() -> recorder.renewals.size() >= before + 2);
			assertThat(recorder.ends).as("the keep-alive never gave up").isEmpty();
			assertThat(keepAlive.isActive()).isTrue();
			assertThat(client.lease().timeToLive(id, false).join().ttlSeconds()).as("the lease survived").isPositive();
			leader.start();
			cluster.awaitHealthy();
			keepAlive.close();
		}
	}

}
