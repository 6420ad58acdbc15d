package dev.etcdspring.annotation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.etcdspring.annotation.WatchContexts.Seen;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.kv.DeleteOp;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.client.watch.Watch;
import dev.etcdspring.client.watch.WatchEvent;
import dev.etcdspring.client.watch.WatchListener;
import dev.etcdspring.client.watch.WatchOptions;
import dev.etcdspring.listener.EtcdWatchContainer;
import dev.etcdspring.listener.EtcdWatchRegistry;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdMember;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listeners on three-member clusters whose members fail: no lost and no repeated event,
 * and a listener that missed compacted history catches up with the server's state.
 * Members get generous raft timings, so that a loaded machine does not change leaders by
 * itself.
 */
class EtcdWatchFailoverTests {

	private static final String PREFIX = "failover/";

	private final ExecutorService writers = Executors.newSingleThreadExecutor();

	@AfterEach
	void stopWriters() throws InterruptedException {
		this.writers.shutdownNow();
		this.writers.awaitTermination(1, TimeUnit.MINUTES);
	}

	private static EtcdCluster threeMembers() {
		return EtcdCluster.builder()
			.members(3)
			.heartbeatInterval(Duration.ofMillis(250))
			.electionTimeout(Duration.ofMillis(2500))
			.start();
	}

	private static List<String> followers(EtcdCluster cluster) {
		EtcdMember leader = cluster.leader();
		return cluster.members().stream().filter((m) -> m != leader).map(EtcdMember::clientEndpoint).toList();
	}

	static class Recording {

		private final Seen seen;

		Recording(Seen seen) {
			this.seen = seen;
		}

		@EtcdWatch(id = "recording", key = "${test.prefix}", prefix = true)
		void onEvent(WatchEvent event) {
			this.seen.events.add(event);
		}

	}

	@Test
	void theListenersMemberKilledDuringTenThousandPutsEveryRevisionOnceInOrder() throws Exception {
		try (EtcdCluster cluster = threeMembers();
				EtcdClient writing = EtcdClient.builder()
					.endpoints(cluster.clientEndpoints())
					.requestTimeout(Duration.ofSeconds(20))
					.build()) {
			// the listener's client knows the two followers: killing the one its watch
			// uses moves the
			// watch to the other, and never costs the writers an election
			List<String> followers = followers(cluster);
			try (AnnotationConfigApplicationContext context = WatchContexts.start(followers, PREFIX, Recording.class)) {
				Seen seen = context.getBean(Seen.class);
				AtomicInteger written = new AtomicInteger();
				Future<?> burst = this.writers.submit(() -> burst(writing, 10_000, 32, written));
				await().atMost(Duration.ofMinutes(2)).until(() -> written.get() >= 2_000);
				EtcdMember streamMember = await().atMost(Duration.ofMinutes(1))
					.until(() -> cluster.members()
						.stream()
						.filter((m) -> followers.contains(m.clientEndpoint()))
						.filter((m) -> m.metric("etcd_debugging_mvcc_watch_stream_total") > 0)
						.findFirst()
						.orElse(null), (m) -> m != null);
				streamMember.kill();
				await().atMost(Duration.ofMinutes(2)).until(() -> written.get() >= 5_000);
				streamMember.start();
				burst.get(5, TimeUnit.MINUTES);
				cluster.awaitHealthy();

				long last = writing.kv().get(GetOp.prefix(PREFIX).withCountOnly()).join().header().revision();
				await().atMost(Duration.ofMinutes(2))
					.until(() -> !seen.events.isEmpty() && seen.events.get(seen.events.size() - 1).revision() >= last);
				List<String> truth = history(writing, last);
				assertThat(truth).hasSizeGreaterThanOrEqualTo(10_000);
				assertThat(describe(seen.events)).as("every revision exactly once, in order").isEqualTo(truth);
				assertThat(context.getBean(EtcdWatchRegistry.class).getState("recording"))
					.isEqualTo(EtcdWatchContainer.State.RUNNING);
			}
		}
	}

	/**
	 * Puts values under the prefix, some in flight at a time; a failed put (outcome
	 * unknown) is sent again.
	 */
	private static void burst(EtcdClient client, int count, int inFlight, AtomicInteger written) {
		Semaphore permits = new Semaphore(inFlight);
		AtomicInteger failures = new AtomicInteger();
		try {
			for (int i = 0; i < count; i++) {
				assertThat(permits.tryAcquire(2, TimeUnit.MINUTES)).isTrue();
				put(client, PREFIX + (i % 10), Integer.toString(i), permits, written, failures);
			}
			assertThat(permits.tryAcquire(inFlight, 2, TimeUnit.MINUTES)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void put(EtcdClient client, String key, String value, Semaphore permits, AtomicInteger written,
			AtomicInteger failures) {
		client.kv().put(key, value).whenComplete((result, error) -> {
			if (error == null) {
				written.incrementAndGet();
				permits.release();
			}
			else if (failures.incrementAndGet() < 1_000) {
				put(client, key, value, permits, written, failures);
			}
			else {
				permits.release();
			}
		});
	}

	/**
	 * The server's own history of the prefix up to a revision, replayed by a fresh watch.
	 */
	private static List<String> history(EtcdClient client, long upTo) {
		List<WatchEvent> replay = new CopyOnWriteArrayList<>();
		WatchListener listener = (response) -> replay.addAll(response.events());
		try (Watch watch = client.watch()
			.watch(KeyRange.prefix(PREFIX), WatchOptions.DEFAULT.withStartRevision(1), listener)) {
			await().atMost(Duration.ofMinutes(1))
				.until(() -> !replay.isEmpty() && replay.get(replay.size() - 1).revision() >= upTo);
		}
		return describe(replay.stream().filter((e) -> e.revision() <= upTo).toList());
	}

	private static List<String> describe(List<WatchEvent> events) {
		return events.stream()
			.map((e) -> e.revision() + " " + e.type() + " " + e.kv().keyAsString() + "=" + e.kv().valueAsString())
			.toList();
	}

	/** Keeps the listener's view of the keys: what it would show to users. */
	static class View {

		final Map<String, String> values = new ConcurrentHashMap<>();

		final List<String> deletes = new CopyOnWriteArrayList<>();

		@EtcdWatch(id = "view", key = "${test.prefix}", prefix = true, initialLoad = true)
		void onEvent(@EtcdKey String key, @org.jspecify.annotations.Nullable String value, WatchEvent.Type type) {
			if (type == WatchEvent.Type.PUT) {
				this.values.put(key, value);
			}
			else {
				this.values.remove(key);
				this.deletes.add(key);
			}
		}

	}

	@Test
	void compactionWhileTheListenersMemberIsDownTheListenerConvergesToTheServersState() {
		try (EtcdCluster cluster = threeMembers()) {
			EtcdMember leader = cluster.leader();
			EtcdMember watched = cluster.members().stream().filter((m) -> m != leader).findFirst().orElseThrow();
			List<String> others = cluster.members()
				.stream()
				.filter((m) -> m != watched)
				.map(EtcdMember::clientEndpoint)
				.toList();
			try (EtcdClient writing = EtcdClient.builder().endpoints(others).build();
					AnnotationConfigApplicationContext context = WatchContexts.start(List.of(watched.clientEndpoint()),
							"compaction/", View.class)) {
				for (int i = 0; i < 10; i++) {
					writing.kv().put("compaction/k" + i, "v" + i).join();
				}
				View view = context.getBean(View.class);
				await().atMost(Duration.ofMinutes(1)).until(() -> view.values.size() == 10);

				watched.kill();
				writing.kv().put("compaction/k1", "changed").join();
				writing.kv().delete("compaction/k2").join();
				writing.kv().delete(DeleteOp.prefix("compaction/k3")).join();
				writing.kv().put("compaction/new", "born").join();
				writing.kv().put("compaction/k2", "reborn").join();
				long compactAt = writing.kv().put("compaction/k4", "last").join().header().revision();
				writing.kv().compact(compactAt, true).join();
				watched.start();

				Map<String, String> server = new TreeMap<>();
				writing.kv()
					.get(GetOp.prefix("compaction/"))
					.join()
					.kvs()
					.forEach((kv) -> server.put(kv.keyAsString(), kv.valueAsString()));
				await().atMost(Duration.ofMinutes(2)).until(() -> new TreeMap<>(view.values).equals(server));
				assertThat(view.deletes).containsExactly("compaction/k3");
				EtcdWatchRegistry registry = context.getBean(EtcdWatchRegistry.class);
				await().atMost(Duration.ofMinutes(1))
					.until(() -> registry.getState("view") == EtcdWatchContainer.State.RUNNING);

				writing.kv().put("compaction/after", "resync").join();
				await().atMost(Duration.ofMinutes(1)).until(() -> "resync".equals(view.values.get("compaction/after")));
				assertThat(registry.getContainer("view").getLastRevision()).isGreaterThan(compactAt);
			}
		}
	}

	static class Stopping {

		final List<String> values = new ArrayList<>();

		@EtcdWatch(id = "stopping", key = "${test.prefix}", prefix = true,
				onCompaction = dev.etcdspring.listener.OnCompaction.STOP)
		void onEvent(String key, String value) {
			synchronized (this.values) {
				this.values.add(value);
			}
		}

	}

	@Test
	void withOnCompactionStopAListenerThatMissedCompactedHistoryStopsWithTheError() {
		try (EtcdCluster single = EtcdCluster.builder().start();
				EtcdClient writing = EtcdClient.builder().endpoints(single.clientEndpoints()).build();
				AnnotationConfigApplicationContext context = WatchContexts.start(single.clientEndpoints(), "stop/",
						Stopping.class, View.class)) {
			EtcdWatchRegistry registry = context.getBean(EtcdWatchRegistry.class);
			writing.kv().put("stop/a", "1").join();
			Stopping stopping = context.getBean(Stopping.class);
			await().until(() -> stopping.values.size() == 1);
			registry.stop("stopping");
			registry.stop("view");
			writing.kv().put("stop/a", "2").join();
			writing.kv().delete("stop/a").join();
			long compactAt = writing.kv().put("stop/b", "3").join().header().revision();
			writing.kv().compact(compactAt, true).join();

			registry.start("stopping");
			await().atMost(Duration.ofMinutes(1))
				.until(() -> registry.getState("stopping") == EtcdWatchContainer.State.FAILED);
			assertThat(registry.getContainer("stopping").getFailure())
				.isInstanceOf(dev.etcdspring.client.error.CompactedException.class);
			assertThat(stopping.values).containsExactly("1");

			// the same gap with the default: the difference is delivered
			registry.start("view");
			View view = context.getBean(View.class);
			await().atMost(Duration.ofMinutes(1)).until(() -> Map.of("stop/b", "3").equals(view.values));
			assertThat(view.deletes).containsExactly("stop/a");

			// started again, the stopped one begins afresh from "now"
			registry.start("stopping");
			writing.kv().put("stop/c", "4").join();
			await().atMost(Duration.ofMinutes(1)).until(() -> stopping.values.size() == 2);
			assertThat(stopping.values).containsExactly("1", "4");
		}
	}

}
