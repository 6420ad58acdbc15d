package dev.etcdspring.coordination;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Mutual exclusion between instances of an application, each an application context with
 * its own client and lock registry: increments that only a lock keeps from losing
 * updates, and the hand-over of a lock whose holder's client dies.
 */
class EtcdLockExclusionTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	private static final Duration WAIT = Duration.ofMinutes(2);

	private final String prefix = Instances.prefix("exclusion");

	private final Instances.Fleet fleet = new Instances.Fleet(etcd, this.prefix);

	@AfterEach
	void stop() throws InterruptedException {
		this.fleet.close();
	}

	private AnnotationConfigApplicationContext instance(Map<String, Object> properties) {
		return this.fleet.start(properties, Instances.LockRegistryConfiguration.class);
	}

	@Test
	void fourInstancesOfFiftyIncrementsEachUnderOneLockCountExactly200() throws Exception {
		String counter = this.prefix + "counter";
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger mostInside = new AtomicInteger();
		List<Future<?>> work = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			AnnotationConfigApplicationContext instance = instance(Map.of());
			EtcdLockRegistry registry = instance.getBean(EtcdLockRegistry.class);
			EtcdClient client = instance.getBean(EtcdClient.class);
			// two threads an instance: the local lock and etcd take turns
			for (int t = 0; t < 2; t++) {
				work.add(this.fleet.threads.submit(() -> {
					for (int n = 0; n < 25; n++) {
						registry.executeLocked("counter", () -> {
							mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
							long value = client.kv()
								.get(counter)
								.join()
								.first()
								.map(KeyValue::valueAsString)
								.map(Long::parseLong)
								.orElse(0L);
							client.kv().put(counter, Long.toString(value + 1)).join();
							inside.decrementAndGet();
						});
					}
					return null;
				}));
			}
		}
		for (Future<?> done : work) {
			done.get(5, TimeUnit.MINUTES);
		}
		EtcdClient client = this.fleet.instances().get(0).getBean(EtcdClient.class);
		assertThat(client.kv().get(counter).join().first().orElseThrow().valueAsString()).isEqualTo("200");
		assertThat(mostInside).hasValue(1);
		assertThat(Instances.keys(client, this.prefix + "counter/")).as("no claim left").isEmpty();
	}

	@Test
	void whenTheHoldersClientDiesAnotherInstanceGetsTheLockOnceTheSessionExpires() throws Exception {
		AnnotationConfigApplicationContext holder = instance(Map.of("test.session-ttl-seconds", 5));
		AnnotationConfigApplicationContext next = instance(Map.of("test.session-ttl-seconds", 5));
		EtcdLock held = holder.getBean(EtcdLockRegistry.class).obtain("job");
		held.lock();
		EtcdClient observer = next.getBean(EtcdClient.class);
		KeyValue claim = observer.kv().get(GetOp.prefix(this.prefix + "job/")).join().first().orElseThrow();
		// the process dies: its lease is neither renewed nor revoked
		holder.getBean(EtcdClient.class).close();
		EtcdLock lock = next.getBean(EtcdLockRegistry.class).obtain("job");
		assertThat(lock.tryLock(Duration.ofSeconds(5).plus(WAIT).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		assertThat(observer.lease().timeToLive(claim.lease(), false).join().ttlSeconds())
			.as("the dead holder's lease expired before the hand-over")
			.isEqualTo(-1);
		assertThat(Instances.keys(observer, this.prefix + "job/")).hasSize(1).doesNotContain(claim.keyAsString());
		lock.unlock();
		await().atMost(WAIT).until(() -> !held.isAcquiredInThisProcess());
	}

}
