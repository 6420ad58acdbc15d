package dev.etcdspring.client.election;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.error.ClientClosedException;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.error.LockTimeoutException;
import dev.etcdspring.client.error.NotLeaderException;
import dev.etcdspring.client.lease.Session;
import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

class ElectionTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	@Test
	void campaignProclaimObserveResignAndHandOver() {
		ByteSequence name = ByteSequence.from("test/election/" + System.nanoTime());
		try (EtcdClient a = EtcdClient.builder().endpoints(etcd.endpoints()).build();
				EtcdClient b = EtcdClient.builder().endpoints(etcd.endpoints()).build()) {
			assertThat(a.election().leader(name).join()).isEmpty();
			List<String> observed = new CopyOnWriteArrayList<>();
			List<EtcdException> errors = new CopyOnWriteArrayList<>();
			LeaderObservation observation = a.election().observe(name, new LeaderListener() {
				@Override
				public void onLeader(KeyValue leader) {
					observed.add(leader.valueAsString());
				}

				@Override
				public void onError(EtcdException error) {
					errors.add(error);
				}
			});

			Session sessionA = a.lease().newSession(Duration.ofSeconds(10)).join();
			Session sessionB = b.lease().newSession(Duration.ofSeconds(10)).join();
			Leadership first = a.election()
				.campaign(name, ByteSequence.from("a-1"), sessionA, Duration.ofSeconds(5))
				.join();
			CompletableFuture<Leadership> second = b.election()
				.campaign(name, ByteSequence.from("b-1"), sessionB, Duration.ofSeconds(30));
			assertThat(a.election().leader(name).join())
				.hasValueSatisfying((kv) -> assertThat(kv.valueAsString()).isEqualTo("a-1"));

			a.election().proclaim(first, ByteSequence.from("a-2")).join();
			await().untilAsserted(() -> assertThat(observed).containsExactly("a-1", "a-2"));
			assertThat(second).isNotDone();

			a.election().resign(first).join();
			Leadership next = second.join();
			assertThat(next.key()).isNotEqualTo(first.key());
			await().untilAsserted(() -> assertThat(observed).containsExactly("a-1", "a-2", "b-1"));
			assertThat(b.election().leader(name).join())
				.hasValueSatisfying((kv) -> assertThat(kv.valueAsString()).isEqualTo("b-1"));

			assertThat(catchThrowable(a.election().proclaim(first, ByteSequence.from("stale"))::join))
				.hasCauseInstanceOf(NotLeaderException.class);
			assertThat(catchThrowable(
					a.election().campaign(name, ByteSequence.from("late"), sessionA, Duration.ofMillis(300))::join))
				.hasCauseInstanceOf(LockTimeoutException.class);

			observation.close();
			b.election().resign(next).join();
			assertThat(observed).containsExactly("a-1", "a-2", "b-1");

			LeaderObservation ending = b.election().observe(name, new LeaderListener() {
				@Override
				public void onLeader(KeyValue leader) {
				}

				@Override
				public void onError(EtcdException error) {
					errors.add(error);
				}
			});
			b.close();
			await().untilAsserted(() -> assertThat(errors).singleElement().isInstanceOf(ClientClosedException.class));
			assertThat(ending.isActive()).isFalse();
		}
	}

}
