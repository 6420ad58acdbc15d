package dev.etcdspring.boot.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.etcdspring.boot.autoconfigure.EtcdAutoConfiguration;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration;
import org.springframework.cloud.autoconfigure.RefreshAutoConfiguration;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Live refresh with Spring Cloud Context (2025.1): its rebinding of every
 * {@code @ConfigurationProperties} bean and its refresh scope, and its own full refresh
 * (what {@code /actuator/refresh} runs) importing etcd again without a second client or
 * read.
 */
class EtcdConfigSpringCloudTests {

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
	void withSpringCloud() {
		// the without-spring-cloud execution runs this class too when a build names it
		// with -Dtest
		assumeTrue(ClassUtils.isPresent(EtcdConfigRefresher.SPRING_CLOUD_REBINDER, null));
	}

	@ConfigurationProperties("demo")
	public static class DemoProperties {

		private String greeting = "default";

		public String getGreeting() {
			return this.greeting;
		}

		public void setGreeting(String greeting) {
			this.greeting = greeting;
		}

	}

	static class Greeter {

		private final String greeting;

		Greeter(String greeting) {
			this.greeting = greeting;
		}

		String greeting() {
			return this.greeting;
		}

	}

	/**
	 * Spring Cloud's type only in the method body: discovery works without Spring Cloud
	 * too.
	 */
	static class Changes implements ApplicationListener<ApplicationEvent> {

		final List<Set<String>> keys = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			if (event instanceof EnvironmentChangeEvent change) {
				this.keys.add(change.getKeys());
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ RefreshAutoConfiguration.class, ConfigurationPropertiesRebinderAutoConfiguration.class,
			EtcdAutoConfiguration.class })
	@EnableConfigurationProperties(DemoProperties.class)
	static class App {

		@Bean
		@RefreshScope
		Greeter greeter(@Value("${demo.greeting}") String greeting) {
			return new Greeter(greeting);
		}

		@Bean
		Changes changes() {
			return new Changes();
		}

	}

	private ConfigurableApplicationContext start(String prefix) {
		ConfigApps.put(client, prefix, ConfigApps.props("myapp/demo.greeting", "hello"));
		return ConfigApps.run(
				this.directory, List.of("spring.config.import=etcd:" + prefix,
						"etcd.endpoints=" + String.join(",", etcd.endpoints()), "spring.application.name=myapp"),
				App.class);
	}

	@Test
	void aChangeRebindsPropertiesAndRefreshesTheRefreshScope() {
		String p = ConfigApps.prefix("cloud");
		try (ConfigurableApplicationContext context = start(p)) {
			DemoProperties demo = context.getBean(DemoProperties.class);
			Greeter greeter = context.getBean(Greeter.class);
			assertThat(demo.getGreeting()).isEqualTo("hello");
			assertThat(greeter.greeting()).isEqualTo("hello");
			long started = System.nanoTime();
			client.kv().put(p + "myapp/demo.greeting", "changed").join();
			await().atMost(BOUND).until(() -> "changed".equals(demo.getGreeting()));
			System.out.printf("etcd config refresh with Spring Cloud: put to rebound bean in %d ms%n",
					Duration.ofNanos(System.nanoTime() - started).toMillis());
			await().atMost(BOUND).until(() -> "changed".equals(greeter.greeting()));
			assertThat(context.getBean(Changes.class).keys).contains(Set.of("demo.greeting"));
		}
	}

	@Test
	void springCloudsOwnRefreshImportsAgainWithTheSameClientAndLiveSources() {
		String p = ConfigApps.prefix("cloud-refresh");
		Set<String> before = ConfigApps.clientThreadNames();
		try (ConfigurableApplicationContext context = start(p)) {
			Object source = context.getEnvironment().getPropertySources().get("etcd:" + p + "myapp/");
			Set<String> clients = ConfigApps.clientThreadNames();
			clients.removeAll(before);
			assertThat(clients).hasSize(1);
			context.getBean(ContextRefresher.class).refresh();
			assertThat(context.getEnvironment().getPropertySources().get("etcd:" + p + "myapp/")).isSameAs(source);
			Set<String> after = ConfigApps.clientThreadNames();
			after.removeAll(before);
			assertThat(after).isEqualTo(clients);
			client.kv().put(p + "myapp/demo.greeting", "after a refresh").join();
			DemoProperties demo = context.getBean(DemoProperties.class);
			await().atMost(BOUND).until(() -> "after a refresh".equals(demo.getGreeting()));
		}
	}

}
