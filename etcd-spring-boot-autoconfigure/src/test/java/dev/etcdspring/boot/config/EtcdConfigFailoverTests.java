package dev.etcdspring.boot.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdMember;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live configuration while etcd fails: a member killed during changes, a member down
 * while the history it would resume from is compacted, and compaction while the watch is
 * stopped. Members get generous raft timings, so that a loaded machine does not change
 * leaders by itself; bounds are generous too.
 */
class EtcdConfigFailoverTests {

	private static final Duration BOUND = Duration.ofSeconds(60);

	@TempDir
	Path directory;

	private final ExecutorService writers = Executors.newSingleThreadExecutor();

	@AfterEach
	void stopWriters() throws InterruptedException {
		this.writers.shutdownNow();
		assertThat(this.writers.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
	}

	static class Events implements ApplicationListener<EtcdConfigChangedEvent> {

		final List<EtcdConfigChangedEvent> received = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(EtcdConfigChangedEvent event) {
			this.received.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class App {

		@Bean
		Events events() {
			return new Events();
		}

	}

	private static EtcdCluster threeMembers() {
		return EtcdCluster.builder()
			.members(3)
			.heartbeatInterval(Duration.ofMillis(250))
			.electionTimeout(Duration.ofMillis(2500))
			.start();
	}

	private ConfigurableApplicationContext start(List<String> endpoints, String prefix) {
		return ConfigApps.run(this.directory, List.of("spring.config.import=etcd:" + prefix,
				"etcd.endpoints=" + String.join(",", endpoints), "spring.application.name=myapp"), App.class);
	}

	private static List<String> followers(EtcdCluster cluster) {
		EtcdMember leader = cluster.leader();
		return cluster.members().stream().filter((m) -> m != leader).map(EtcdMember::clientEndpoint).toList();
	}

	private static String value(EtcdClient client, String key) {
		return client.kv().get(key).join().first().orElseThrow().valueAsString();
	}

	@Test
	void theMemberOfTheWatchKilledDuringChangesTheConfigurationEndsCurrent() throws Exception {
		String p = ConfigApps.prefix("kill");
		try (EtcdCluster cluster = threeMembers();
				EtcdClient writing = EtcdClient.builder()
					.endpoints(cluster.clientEndpoints())
					.requestTimeout(Duration.ofSeconds(20))
					.build()) {
			writing.kv().put(p + "myapp/counter", "0").join();
			// the application knows the two followers: killing the one its watch uses
			// moves the
			// watch to the other, and never costs the writer an election
			List<String> followers = followers(cluster);
			try (ConfigurableApplicationContext context = start(followers, p)) {
				Events events = context.getBean(Events.class);
				AtomicInteger written = new AtomicInteger();
				Future<?> writes = this.writers.submit(() -> {
					for (int i = 1; i <= 400 && !Thread.currentThread().isInterrupted(); i++) {
						put(writing, p + "myapp/counter", Integer.toString(i));
						written.incrementAndGet();
					}
				});
				await().atMost(BOUND).until(() -> written.get() >= 100);
				EtcdMember streamMember = await().atMost(BOUND)
					.until(() -> cluster.members()
						.stream()
						.filter((m) -> followers.contains(m.clientEndpoint()))
						.filter((m) -> m.metric("etcd_debugging_mvcc_watch_stream_total") > 0)
						.findFirst()
						.orElse(null), (m) -> m != null);
				streamMember.kill();
				writes.get(5, TimeUnit.MINUTES);
				long last = writing.kv().get(p + "myapp/counter").join().header().revision();
				await().atMost(BOUND).until(() -> "400".equals(context.getEnvironment().getProperty("counter")));
				await().atMost(BOUND)
					.until(() -> !events.received.isEmpty()
							&& events.received.get(events.received.size() - 1).getRevision() >= last);
				assertThat(events.received.stream().map(EtcdConfigChangedEvent::getRevision).toList()).isSorted();
				streamMember.start();
			}
		}
	}

	/**
	 * A put retried until it is known to be applied; values only grow, so a repeat is
	 * harmless.
	 */
	private static void put(EtcdClient client, String key, String value) {
		for (int attempt = 0; attempt < 100; attempt++) {
			try {
				client.kv().put(key, value).join();
				return;
			}
			catch (RuntimeException ex) {
				// unknown outcome: put it again
			}
		}
		throw new IllegalStateException("Could not put " + key);
	}

	@Test
	void aMemberDownWhileItsHistoryIsCompactedCatchesUpWithTheServersState() {
		String p = ConfigApps.prefix("outage");
		try (EtcdCluster cluster = threeMembers()) {
			EtcdMember leader = cluster.leader();
			EtcdMember watched = cluster.members().stream().filter((m) -> m != leader).findFirst().orElseThrow();
			// the writer never talks to the member that goes down, so none of its writes
			// is in doubt
			List<String> others = cluster.members()
				.stream()
				.filter((m) -> m != watched)
				.map(EtcdMember::clientEndpoint)
				.toList();
			outage(watched, others, p);
		}
	}

	private void outage(EtcdMember watched, List<String> others, String p) {
		try (EtcdClient writing = EtcdClient.builder()
			.endpoints(others)
			.requestTimeout(Duration.ofSeconds(20))
			.build()) {
			ConfigApps.put(writing, p, ConfigApps.props("myapp/a", "1", "myapp/b", "1"));
			try (ConfigurableApplicationContext context = start(List.of(watched.clientEndpoint()), p)) {
				Events events = context.getBean(Events.class);
				watched.stop();
				for (int i = 2; i <= 50; i++) {
					writing.kv().put(p + "myapp/a", Integer.toString(i)).join();
				}
				writing.kv().delete(p + "myapp/b").join();
				writing.kv().put(p + "myapp/c", "3").join();
				long revision = writing.kv().get(p + "myapp/a").join().header().revision();
				writing.kv().compact(revision, true).join();
				watched.start();
				await().atMost(BOUND)
					.until(() -> "50".equals(context.getEnvironment().getProperty("a"))
							&& "3".equals(context.getEnvironment().getProperty("c"))
							&& !context.getEnvironment().containsProperty("b"));
				await().atMost(BOUND)
					.until(() -> !events.received.isEmpty()
							&& events.received.get(events.received.size() - 1).getRevision() >= revision);
				System.out.printf("etcd config: a member's outage with compaction gave %d refreshes%n",
						events.received.size());
				assertThat(events.received).as("coalesced").hasSizeLessThanOrEqualTo(3);
			}
		}
	}

	@Test
	void compactionWhileTheWatchIsStoppedReadsEverythingAgainAndRefreshesOnce() {
		String p = ConfigApps.prefix("compacted");
		try (EtcdCluster cluster = EtcdCluster.builder().start();
				EtcdClient writing = EtcdClient.builder().endpoints(cluster.clientEndpoints()).build()) {
			ConfigApps.put(writing, p, ConfigApps.props("myapp/a", "1", "myapp/b", "1", "application/s", "1"));
			try (ConfigurableApplicationContext context = start(cluster.clientEndpoints(), p)) {
				Events events = context.getBean(Events.class);
				writing.kv().put(p + "myapp/a", "2").join();
				await().atMost(BOUND).until(() -> events.received.size() == 1);
				context.stop();
				for (int i = 3; i <= 20; i++) {
					writing.kv().put(p + "myapp/a", Integer.toString(i)).join();
				}
				writing.kv().delete(p + "myapp/b").join();
				writing.kv().put(p + "application/s", "2").join();
				long revision = writing.kv().put(p + "myapp/c", "new").join().header().revision();
				writing.kv().compact(revision, true).join();
				context.start();
				await().atMost(BOUND).until(() -> events.received.size() >= 2);
				EtcdConfigChangedEvent resync = events.received.get(1);
				assertThat(resync.getRevision()).isEqualTo(revision);
				assertThat(resync.getChangedProperties()).containsExactlyInAnyOrder("a", "b", "c", "s");
				assertThat(context.getEnvironment().getProperty("a")).isEqualTo("20");
				assertThat(context.getEnvironment().containsProperty("b")).isFalse();
				assertThat(context.getEnvironment().getProperty("s")).isEqualTo("2");
				writing.kv().put(p + "myapp/a", "after").join();
				await().atMost(BOUND).until(() -> "after".equals(context.getEnvironment().getProperty("a")));
				// the environment shows a change at once, the refresh follows after the
				// quiet period
				await().atMost(BOUND).until(() -> events.received.size() >= 3);
				assertThat(events.received).as("one refresh for the re-read, one for the change after it").hasSize(3);
				assertThat(value(writing, p + "myapp/a")).isEqualTo("after");
			}
		}
	}

}
