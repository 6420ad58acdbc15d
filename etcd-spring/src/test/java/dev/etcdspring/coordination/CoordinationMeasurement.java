package dev.etcdspring.coordination;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.test.EtcdCluster;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.awaitility.Awaitility.await;

/**
 * Not a test (surefire does not pick it up by its name, and it asserts nothing): measures
 * by hand how fast locks and leadership pass from one instance of an application to the
 * next, each instance an application context with its own client, on one local etcd
 * member. Run it with
 * {@code ./mvnw -B -pl etcd-spring -am verify -Dtest=CoordinationMeasurement -Dsurefire.failIfNoSpecifiedTests=false}
 * and read the lines starting with {@code @@} in
 * {@code etcd-spring/target/surefire-reports/dev.etcdspring.coordination.CoordinationMeasurement-output.txt}.
 *
 * <ul>
 * <li>Lock hand-over: from the holder's call to {@code unlock()} to the return of the
 * waiting instance's {@code lock()}.</li>
 * <li>Uncontended: {@code tryLock()} and {@code unlock()} of a free lock, together.</li>
 * <li>Leader after a close: from the call to the leader's context {@code close()} to the
 * next leader's granted event.</li>
 * <li>After a death: from the close of the holder's (leader's) client, which leaves its
 * lease to expire, to the next holder's {@code lock()} (the next leader's granted event),
 * with a session TTL of {@value #TTL_SECONDS} s.</li>
 * </ul>
 */
class CoordinationMeasurement {

	private static final int ROUNDS = 25;

	private static final int WARM_UP = 5;

	private static final int DEATHS = 3;

	private static final int TTL_SECONDS = 5;

	private final ExecutorService threads = Executors.newCachedThreadPool((task) -> new Thread(task, "test-worker"));

	@Test
	void measure() throws Exception {
		try (EtcdCluster etcd = EtcdCluster.builder().members(1).start()) {
			report("lock hand-over", lockHandOver(etcd.clientEndpoints()));
			report("uncontended tryLock+unlock", uncontended(etcd.clientEndpoints()));
			report("lock after the holder's death", lockAfterDeath(etcd.clientEndpoints()));
			report("leader after the leader's context closed", leaderAfterClose(etcd.clientEndpoints()));
			report("leader after the leader's death", leaderAfterDeath(etcd.clientEndpoints()));
		}
		finally {
			this.threads.shutdownNow();
		}
	}

	private List<Long> lockHandOver(List<String> endpoints) throws Exception {
		String prefix = Instances.prefix("measure");
		List<Long> nanos = new ArrayList<>();
		try (AnnotationConfigApplicationContext a = Instances.start(endpoints, prefix,
				Instances.LockRegistryConfiguration.class);
				AnnotationConfigApplicationContext b = Instances.start(endpoints, prefix,
						Instances.LockRegistryConfiguration.class)) {
			EtcdClient client = a.getBean(EtcdClient.class);
			for (int i = 0; i < ROUNDS + WARM_UP; i++) {
				EtcdLock held = a.getBean(EtcdLockRegistry.class).obtain("job");
				held.lock();
				Future<Long> next = this.threads.submit(() -> {
					EtcdLock lock = b.getBean(EtcdLockRegistry.class).obtain("job");
					lock.lock();
					long acquired = System.nanoTime();
					lock.unlock();
					return acquired;
				});
				await().until(() -> Instances.keys(client, prefix + "job/").size() == 2);
				long released = System.nanoTime();
				held.unlock();
				nanos.add(next.get(1, TimeUnit.MINUTES) - released);
			}
		}
		return nanos.subList(WARM_UP, nanos.size());
	}

	private List<Long> uncontended(List<String> endpoints) {
		List<Long> nanos = new ArrayList<>();
		try (AnnotationConfigApplicationContext a = Instances.start(endpoints, Instances.prefix("measure"),
				Instances.LockRegistryConfiguration.class)) {
			EtcdLock lock = a.getBean(EtcdLockRegistry.class).obtain("job");
			for (int i = 0; i < ROUNDS + WARM_UP; i++) {
				long start = System.nanoTime();
				lock.tryLock();
				lock.unlock();
				nanos.add(System.nanoTime() - start);
			}
		}
		return nanos.subList(WARM_UP, nanos.size());
	}

	private List<Long> lockAfterDeath(List<String> endpoints) throws Exception {
		List<Long> nanos = new ArrayList<>();
		for (int i = 0; i < DEATHS; i++) {
			String prefix = Instances.prefix("measure");
			Map<String, Object> ttl = Map.of("test.session-ttl-seconds", TTL_SECONDS);
			try (AnnotationConfigApplicationContext a = Instances.start(endpoints, prefix, ttl,
					Instances.LockRegistryConfiguration.class);
					AnnotationConfigApplicationContext b = Instances.start(endpoints, prefix, ttl,
							Instances.LockRegistryConfiguration.class)) {
				a.getBean(EtcdLockRegistry.class).obtain("job").lock();
				CompletableFuture<Long> acquired = new CompletableFuture<>();
				this.threads.submit(() -> {
					EtcdLock lock = b.getBean(EtcdLockRegistry.class).obtain("job");
					lock.lock();
					acquired.complete(System.nanoTime());
					lock.unlock();
				});
				await().until(() -> Instances.keys(b.getBean(EtcdClient.class), prefix + "job/").size() == 2);
				long died = System.nanoTime();
				a.getBean(EtcdClient.class).close();
				nanos.add(acquired.get(1, TimeUnit.MINUTES) - died);
			}
		}
		return nanos;
	}

	private List<Long> leaderAfterClose(List<String> endpoints) {
		return leaderAfter(endpoints, ROUNDS, (instance) -> {
			long start = System.nanoTime();
			instance.close();
			return start;
		});
	}

	private List<Long> leaderAfterDeath(List<String> endpoints) {
		return leaderAfter(endpoints, DEATHS, (instance) -> {
			long start = System.nanoTime();
			instance.getBean(EtcdClient.class).close();
			return start;
		});
	}

	/**
	 * Rounds of two instances: the leader goes, the time until the other's granted event
	 * is taken.
	 */
	private List<Long> leaderAfter(List<String> endpoints, int rounds, Ending ending) {
		List<Long> nanos = new ArrayList<>();
		for (int i = 0; i < rounds; i++) {
			String prefix = Instances.prefix("measure");
			Terms terms = Terms.of(prefix);
			List<AnnotationConfigApplicationContext> instances = new ArrayList<>();
			try {
				for (String candidate : List.of("a", "b")) {
					instances.add(Instances.start(endpoints, prefix,
							Map.of("test.candidate", candidate, "test.session-ttl-seconds", TTL_SECONDS),
							Terms.InitiatorConfiguration.class));
				}
				await().until(() -> terms.leaders().size() == 1 && terms.events.size() == 1);
				int leader = terms.leaders().get(0).equals("a") ? 0 : 1;
				Supplier<Long> grants = () -> terms.events.stream().filter((e) -> e.startsWith("granted")).count();
				long start = ending.end(instances.get(leader));
				await().atMost(Duration.ofMinutes(1)).until(() -> grants.get() == 2L);
				nanos.add(terms.grantedAt.get(1) - start);
			}
			finally {
				instances.forEach(AnnotationConfigApplicationContext::close);
				Terms.forget(prefix);
			}
		}
		return nanos;
	}

	@FunctionalInterface
	interface Ending {

		long end(AnnotationConfigApplicationContext leader);

	}

	private static void report(String what, List<Long> nanos) {
		List<Long> sorted = nanos.stream().sorted().toList();
		System.out.printf("@@ %-42s n=%d  median %8.1f ms  p90 %8.1f ms  max %8.1f ms%n", what, sorted.size(),
				ms(sorted.get(sorted.size() / 2)), ms(sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1)),
				ms(sorted.get(sorted.size() - 1)));
	}

	private static double ms(long nanos) {
		return nanos / 1_000_000.0;
	}

}
