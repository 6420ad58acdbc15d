package dev.etcdspring.boot.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.kv.Op;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.client.kv.TxnOp;
import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Live refresh without Spring Cloud: run by the {@code without-spring-cloud} test
 * execution, which leaves spring-cloud-context off the class path (skipped where it is on
 * it). Bounds are generous for a loaded machine; the latency seen is printed, not
 * asserted.
 */
class EtcdConfigRefreshTests {

	private static final Duration BOUND = Duration.ofSeconds(10);

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	@TempDir
	Path directory;

	static EtcdClient client;

	@BeforeAll
	static void connect() {
		client = EtcdClient.builder().endpoints(etcd.endpoints()).build();
	}

	@AfterAll
	static void disconnect() {
		client.close();
	}

	@BeforeEach
	void withoutSpringCloud() {
		assumeFalse(ClassUtils.isPresent(EtcdConfigRefresher.SPRING_CLOUD_REBINDER, null),
				"Spring Cloud Context is on the class path: see the without-spring-cloud execution");
	}

	/** Opted in: rebound on changes. */
	@EtcdRefreshable
	@ConfigurationProperties("demo")
	public static class DemoProperties {

		private String greeting = "default greeting";

		private int limit = 1;

		private final Nested nested = new Nested();

		private final List<String> hosts = new ArrayList<>();

		public String getGreeting() {
			return this.greeting;
		}

		public void setGreeting(String greeting) {
			this.greeting = greeting;
		}

		public int getLimit() {
			return this.limit;
		}

		public void setLimit(int limit) {
			this.limit = limit;
		}

		public Nested getNested() {
			return this.nested;
		}

		public List<String> getHosts() {
			return this.hosts;
		}

		public static class Nested {

			private String mode = "default mode";

			public String getMode() {
				return this.mode;
			}

			public void setMode(String mode) {
				this.mode = mode;
			}

		}

	}

	/** Not opted in: keeps its start-up values. */
	@ConfigurationProperties("plain")
	public static class PlainProperties {

		private String greeting = "default";

		public String getGreeting() {
			return this.greeting;
		}

		public void setGreeting(String greeting) {
			this.greeting = greeting;
		}

	}

	/** A singleton with an injected value: never refreshed. */
	static class ValueHolder {

		final String greeting;

		ValueHolder(@Value("${demo.greeting}") String greeting) {
			this.greeting = greeting;
		}

	}

	static class Events implements ApplicationListener<EtcdConfigChangedEvent> {

		final List<EtcdConfigChangedEvent> received = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(EtcdConfigChangedEvent event) {
			this.received.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ DemoProperties.class, PlainProperties.class })
	static class App {

		@Bean
		ValueHolder valueHolder(@Value("${demo.greeting}") String greeting) {
			return new ValueHolder(greeting);
		}

		@Bean
		Events events() {
			return new Events();
		}

	}

	private ConfigurableApplicationContext start(String prefix, Map<String, String> initial) {
		ConfigApps.put(client, prefix, initial);
		return ConfigApps.run(
				this.directory, List.of("spring.config.import=etcd:" + prefix,
						"etcd.endpoints=" + String.join(",", etcd.endpoints()), "spring.application.name=myapp"),
				App.class);
	}

	@Test
	void aChangeReachesTheEnvironmentAndOptedInPropertiesButNotValuesInjectedIntoSingletons() {
		String p = ConfigApps.prefix("refresh");
		try (ConfigurableApplicationContext context = start(p, ConfigApps.props("myapp/demo.greeting", "hello",
				"myapp/demo/nested/mode", "blue", "myapp/demo.hosts", "a,b", "myapp/plain.greeting", "hello"))) {
			DemoProperties demo = context.getBean(DemoProperties.class);
			assertThat(demo.getGreeting()).isEqualTo("hello");
			assertThat(demo.getNested().getMode()).isEqualTo("blue");
			Events events = context.getBean(Events.class);
			long started = System.nanoTime();
			long revision = client.kv()
				.txn()
				.then(PutOp.of(p + "myapp/demo.greeting", "changed"), PutOp.of(p + "myapp/demo/nested/mode", "green"),
						PutOp.of(p + "myapp/demo.hosts", "c"), PutOp.of(p + "myapp/plain.greeting", "changed"))
				.commit()
				.join()
				.header()
				.revision();
			await().atMost(BOUND).until(() -> "changed".equals(demo.getGreeting()));
			System.out.printf("etcd config refresh: put to rebound bean in %d ms%n",
					Duration.ofNanos(System.nanoTime() - started).toMillis());
			assertThat(demo.getNested().getMode()).isEqualTo("green");
			assertThat(demo.getHosts()).containsExactly("c");
			assertThat(context.getEnvironment().getProperty("demo.greeting")).isEqualTo("changed");
			assertThat(context.getEnvironment().getProperty("plain.greeting")).isEqualTo("changed");
			assertThat(context.getBean(PlainProperties.class).getGreeting()).as("not opted in").isEqualTo("hello");
			assertThat(context.getBean(ValueHolder.class).greeting).as("@Value in a singleton").isEqualTo("hello");
			await().atMost(BOUND).until(() -> !events.received.isEmpty());
			EtcdConfigChangedEvent event = events.received.get(0);
			assertThat(event.getRevision()).isEqualTo(revision);
			assertThat(event.getPrefix()).isEqualTo(p);
			assertThat(event.getChangedProperties()).containsExactlyInAnyOrder("demo.greeting", "demo.nested.mode",
					"demo.hosts", "plain.greeting");
			assertThat(event.getChangedKeys()).contains(p + "myapp/demo.greeting", p + "myapp/demo/nested/mode");
			assertThat(events.received).as("one transaction, one refresh").hasSize(1);
		}
	}

	@Test
	void aDeletedKeyDisappearsAndItsPropertyGoesBackToItsDefault() {
		String p = ConfigApps.prefix("delete");
		try (ConfigurableApplicationContext context = start(p, ConfigApps.props("myapp/demo.greeting", "hello",
				"myapp/demo.limit", "7", "application/demo.limit", "3"))) {
			DemoProperties demo = context.getBean(DemoProperties.class);
			assertThat(demo.getLimit()).isEqualTo(7);
			client.kv().delete(p + "myapp/demo.greeting").join();
			client.kv().delete(p + "myapp/demo.limit").join();
			await().atMost(BOUND).until(() -> "default greeting".equals(demo.getGreeting()));
			await().atMost(BOUND).until(() -> demo.getLimit() == 3);
			assertThat(context.getEnvironment().containsProperty("demo.greeting")).isFalse();
			assertThat(context.getEnvironment().getProperty("demo.limit")).as("the shared folder shows through")
				.isEqualTo("3");
		}
	}

	@Test
	void aBurstOfAThousandChangesIsCoalesced() {
		String p = ConfigApps.prefix("burst");
		try (ConfigurableApplicationContext context = start(p, ConfigApps.props("myapp/demo.limit", "0"))) {
			DemoProperties demo = context.getBean(DemoProperties.class);
			Events events = context.getBean(Events.class);
			List<CompletableFuture<?>> puts = new ArrayList<>();
			for (int i = 1; i <= 1000; i++) {
				puts.add(client.kv().put(p + "myapp/demo.limit", Integer.toString(i)));
				puts.add(client.kv().put(p + "myapp/key-" + (i % 50), Integer.toString(i)));
			}
			CompletableFuture.allOf(puts.toArray(new CompletableFuture<?>[0])).join();
			// puts in flight together may be applied in any order: the last applied is
			// the truth
			int limit = Integer.parseInt(value(p + "myapp/demo.limit"));
			String key0 = value(p + "myapp/key-0");
			long last = client.kv().get(p + "myapp/demo.limit").join().header().revision();
			await().atMost(BOUND).until(() -> demo.getLimit() == limit);
			await().atMost(BOUND).until(() -> key0.equals(context.getEnvironment().getProperty("key-0")));
			await().atMost(BOUND)
				.until(() -> !events.received.isEmpty()
						&& events.received.get(events.received.size() - 1).getRevision() == last);
			int refreshes = events.received.size();
			System.out.printf("etcd config refresh: 2,000 puts gave %d refreshes%n", refreshes);
			assertThat(refreshes).as("coalesced, not one per change").isBetween(1, 40);
			List<Long> revisions = events.received.stream().map(EtcdConfigChangedEvent::getRevision).toList();
			assertThat(revisions).isSorted();
		}
	}

	private static String value(String key) {
		return client.kv().get(key).join().first().orElseThrow().valueAsString();
	}

	@Test
	void aTransactionOfManyKeysIsOneRefresh() {
		String p = ConfigApps.prefix("txn");
		try (ConfigurableApplicationContext context = start(p, ConfigApps.props("myapp/demo.limit", "0"))) {
			Events events = context.getBean(Events.class);
			List<Op> ops = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				ops.add(PutOp.of(p + "myapp/many.k" + i, "v" + i));
			}
			client.kv().txn(new TxnOp(List.of(), ops, List.of())).join();
			await().atMost(BOUND).until(() -> !events.received.isEmpty());
			assertThat(context.getEnvironment().getProperty("many.k99")).isEqualTo("v99");
			assertThat(events.received).hasSize(1);
			assertThat(events.received.get(0).getChangedProperties()).hasSize(100);
		}
	}

	@Test
	void anInvalidDocumentWrittenLaterKeepsItsLastValidVersion() {
		String p = ConfigApps.prefix("bad-doc");
		try (ConfigurableApplicationContext context = start(p,
				ConfigApps.props("myapp/demo.yml", "demo:\n  greeting: from yaml\n  limit: 5\n"))) {
			DemoProperties demo = context.getBean(DemoProperties.class);
			Events events = context.getBean(Events.class);
			client.kv().put(p + "myapp/demo.yml", "demo: [unclosed\n").join();
			client.kv().put(p + "myapp/demo.limit", "6").join();
			await().atMost(BOUND).until(() -> demo.getLimit() == 6);
			assertThat(demo.getGreeting()).isEqualTo("from yaml");
			assertThat(context.getEnvironment().getProperty("demo.greeting")).isEqualTo("from yaml");
			// the event follows the rebinding
			await().atMost(BOUND).until(() -> !events.received.isEmpty());
		}
	}

}
