package dev.etcdspring.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.error.RequestTimeoutException;
import dev.etcdspring.client.error.UnavailableException;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.client.kv.KvClient;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdClusterExtension;
import dev.etcdspring.test.EtcdMember;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failover against a real three-member cluster: reads are retried on another member,
 * writes are applied at most once, no call outlives its deadline.
 */
class FailoverTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.perClass(EtcdCluster.builder().members(3));

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	/**
	 * Slack for scheduling on two shared cores; a call past deadline + slack outlived its
	 * deadline.
	 */
	private static final long SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);

	private final AtomicLong slowest = new AtomicLong();

	private <T> T timed(java.util.function.Supplier<T> call) {
		long start = System.nanoTime();
		try {
			return call.get();
		}
		finally {
			this.slowest.accumulateAndGet(System.nanoTime() - start, Math::max);
		}
	}

	@Test
	void readsSurviveAKilledFollowerAndAKilledLeader() throws Exception {
		EtcdCluster cluster = etcd.cluster();
		ExecutorService readers = Executors.newFixedThreadPool(4);
		try (EtcdClient client = EtcdClient.builder()
			.endpoints(cluster.clientEndpoints())
			.requestTimeout(TIMEOUT)
			.build()) {
			KvClient kv = client.kv();
			kv.put("failover/read", "v").join();
			AtomicBoolean stop = new AtomicBoolean();
			AtomicLong reads = new AtomicLong();
			Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
			List<Future<?>> running = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				running.add(readers.submit(() -> {
					// bounded: stops when told, or after 20,000 reads
					while (!stop.get() && reads.get() < 20_000) {
						try {
							String value = timed(() -> kv.get("failover/read").join()).first()
								.orElseThrow()
								.valueAsString();
							assertThat(value).isEqualTo("v");
							reads.incrementAndGet();
						}
						catch (RuntimeException ex) {
							failures.add(ex);
						}
					}
				}));
			}
			EtcdMember leader = cluster.leader();
			EtcdMember follower = cluster.members().stream().filter((m) -> m != leader).findFirst().orElseThrow();

			awaitMoreReads(reads, 200);
			follower.kill();
			awaitMoreReads(reads, 500);
			follower.start();
			cluster.awaitHealthy();

			awaitMoreReads(reads, 200);
			// the follower's restart may have moved the leadership: kill whoever leads
			// now
			EtcdMember currentLeader = cluster.leader();
			long killedAt = System.nanoTime();
			currentLeader.kill();
			awaitMoreReads(reads, 500);
			System.out.printf("reads: %d done, the first 500 after the leader was killed took %d ms%n", reads.get(),
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
			stop.set(true);
			for (Future<?> reader : running) {
				reader.get(1, TimeUnit.MINUTES);
			}
			currentLeader.start();
			cluster.awaitHealthy();
			assertThat(failures).as("every read succeeds through member failures").isEmpty();
			assertThat(this.slowest.get()).as("no call outlives its deadline")
				.isLessThan(TIMEOUT.toNanos() + SLACK_NANOS);
		}
		finally {
			readers.shutdownNow();
		}
	}

	@Test
	void aMemberRestartedOverAndOverUnderLoadGivesOnlyTypedErrors() throws Exception {
		// a request written onto a connection that is closing comes back from grpc-netty
		// as
		// "UNKNOWN: channel closed": that is unavailability, retried for reads, typed for
		// writes
		EtcdCluster cluster = etcd.cluster();
		cluster.awaitHealthy();
		ExecutorService workers = Executors.newFixedThreadPool(8);
		try (EtcdClient client = EtcdClient.builder()
			.endpoints(cluster.clientEndpoints())
			.requestTimeout(TIMEOUT)
			.build()) {
			KvClient kv = client.kv();
			String p = TestKeys.unique("restarts");
			kv.put(p + "read", "v").join();
			AtomicBoolean stop = new AtomicBoolean();
			AtomicLong reads = new AtomicLong();
			AtomicLong writes = new AtomicLong();
			Queue<Throwable> readFailures = new ConcurrentLinkedQueue<>();
			Queue<Throwable> writeFailures = new ConcurrentLinkedQueue<>();
			List<Future<?>> running = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				running.add(workers.submit(() -> {
					while (!stop.get() && reads.get() < 200_000) {
						try {
							assertThat(kv.get(p + "read").join().first()).isPresent();
							reads.incrementAndGet();
						}
						catch (RuntimeException ex) {
							readFailures.add(ex);
						}
					}
				}));
				running.add(workers.submit(() -> {
					while (!stop.get() && writes.get() < 100_000) {
						try {
							kv.put(p + "w" + writes.incrementAndGet(), "v").join();
						}
						catch (RuntimeException ex) {
							writeFailures.add(ex.getCause());
						}
					}
				}));
			}
			EtcdMember restarted = cluster.members().stream().filter((m) -> !m.isLeader()).findFirst().orElseThrow();
			for (int round = 0; round < 8; round++) {
				awaitMoreReads(reads, 100);
				restarted.stop();
				awaitMoreReads(reads, 100);
				restarted.start();
				cluster.awaitHealthy();
			}
			awaitMoreReads(reads, 100);
			stop.set(true);
			for (Future<?> worker : running) {
				worker.get(1, TimeUnit.MINUTES);
			}
			System.out.printf("8 restarts: %d reads, %d writes, %d writes failed%n", reads.get(), writes.get(),
					writeFailures.size());
			assertThat(readFailures).as("reads are retried on another member").isEmpty();
			assertThat(writeFailures).as("a failed write says its outcome is unknown")
				.allSatisfy((error) -> assertThat(error).isInstanceOfAny(UnavailableException.class,
						RequestTimeoutException.class));
		}
		finally {
			workers.shutdownNow();
		}
	}

	private static void awaitMoreReads(AtomicLong reads, long more) {
		long target = reads.get() + more;
		await().atMost(Duration.ofSeconds(60)).until(() -> reads.get() >= target);
	}

	@Test
	void writesDuringLeaderLossAreAppliedAtMostOnceAndResumeWithTheNewLeader() throws Exception {
		EtcdCluster cluster = etcd.cluster();
		cluster.awaitHealthy();
		Duration writeTimeout = Duration.ofSeconds(5);
		ExecutorService writers = Executors.newFixedThreadPool(4);
		try (EtcdClient client = EtcdClient.builder()
			.endpoints(cluster.clientEndpoints())
			.requestTimeout(writeTimeout)
			.build()) {
			KvClient kv = client.kv();
			String p = TestKeys.unique("failover-writes");
			Map<String, Boolean> outcomes = new ConcurrentHashMap<>();
			Queue<Long> successTimes = new ConcurrentLinkedQueue<>();
			AtomicBoolean stop = new AtomicBoolean();
			AtomicLong sequence = new AtomicLong();
			List<Future<?>> running = new ArrayList<>();
			for (int w = 0; w < 4; w++) {
				running.add(writers.submit(() -> {
					// bounded: stops when told, or after 5,000 writes
					while (!stop.get() && sequence.get() < 5_000) {
						String key = p + sequence.incrementAndGet();
						long start = System.nanoTime();
						try {
							kv.put(key, key).join();
							outcomes.put(key, true);
							successTimes.add(System.nanoTime());
						}
						catch (RuntimeException ex) {
							assertThat(ex.getCause()).isInstanceOf(EtcdException.class);
							outcomes.put(key, false);
						}
						finally {
							this.slowest.accumulateAndGet(System.nanoTime() - start, Math::max);
						}
					}
				}));
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> successTimes.size() >= 100);
			EtcdMember leader = cluster.leader();
			long killedAt = System.nanoTime();
			// a prober starts a fresh write every 20 ms without waiting, so that one
			// stuck call cannot
			// hide when writes became possible again
			Queue<Long> probeSuccesses = new ConcurrentLinkedQueue<>();
			var prober = Executors.newSingleThreadScheduledExecutor();
			AtomicLong probes = new AtomicLong();
			prober.scheduleAtFixedRate(() -> {
				if (probes.incrementAndGet() <= 1000) {
					String key = p + "probe-" + probes.get();
					kv.put(key, key).thenRun(() -> probeSuccesses.add(System.nanoTime()));
				}
			}, 0, 20, TimeUnit.MILLISECONDS);
			leader.kill();
			long newLeaderAt = awaitNewLeader(cluster, leader);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> successTimes.stream().filter((t) -> t > newLeaderAt).count() >= 100
						&& !probeSuccesses.isEmpty());
			stop.set(true);
			prober.shutdownNow();
			for (Future<?> writer : running) {
				writer.get(1, TimeUnit.MINUTES);
			}
			long firstProbe = probeSuccesses.stream().min(Long::compare).orElseThrow();
			long failed = outcomes.values().stream().filter((ok) -> !ok).count();
			System.out.printf("leader killed: new leader seen after %d ms; first write issued after the kill succeeded "
					+ "after %d ms (%+d ms from the new leader); %d of %d writes failed (outcome unknown); slowest call %d ms%n",
					millis(newLeaderAt - killedAt), millis(firstProbe - killedAt), millis(firstProbe - newLeaderAt),
					failed, outcomes.size(), millis(this.slowest.get()));

			leader.start();
			cluster.awaitHealthy();
			for (Map.Entry<String, Boolean> outcome : outcomes.entrySet()) {
				long version = (kv.get(GetOp.key(outcome.getKey()).withCountOnly()).join().count() == 0) ? 0
						: kv.get(outcome.getKey()).join().first().orElseThrow().version();
				if (outcome.getValue()) {
					assertThat(version).as("acknowledged write %s applied exactly once", outcome.getKey()).isEqualTo(1);
				}
				else {
					assertThat(version).as("failed write %s applied at most once", outcome.getKey())
						.isLessThanOrEqualTo(1);
				}
			}
			assertThat(this.slowest.get()).as("no call outlives its deadline")
				.isLessThan(writeTimeout.toNanos() + SLACK_NANOS);
		}
		finally {
			writers.shutdownNow();
		}
	}

	private static long awaitNewLeader(EtcdCluster cluster, EtcdMember old) {
		AtomicLong seen = new AtomicLong();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> {
			for (EtcdMember member : cluster.members()) {
				if (member != old && member.isRunning() && member.isLeader()) {
					seen.set(System.nanoTime());
					return true;
				}
			}
			return false;
		});
		return seen.get();
	}

	private static long millis(long nanos) {
		return TimeUnit.NANOSECONDS.toMillis(nanos);
	}

}
