package dev.etcdspring.boot.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.etcdspring.boot.autoconfigure.EtcdAutoConfiguration;
import dev.etcdspring.boot.autoconfigure.EtcdClientBuilderCustomizer;
import dev.etcdspring.boot.autoconfigure.metrics.EtcdMetricsAutoConfiguration;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.TlsOptions;
import dev.etcdspring.test.BlackHole;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdClusterExtension;
import dev.etcdspring.test.TestCertificates;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Start-up of real applications importing from a real etcd: layout, precedence, keys and
 * documents, optional and mandatory imports with etcd down, bad input, and the one
 * client.
 */
class EtcdConfigDataImportTests {

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

	@Configuration(proxyBeanMethods = false)
	static class Plain {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(EtcdAutoConfiguration.class)
	static class WithClient {

	}

	private List<String> file(String location, String... more) {
		List<String> lines = new ArrayList<>(
				List.of("spring.config.import=" + location, "etcd.endpoints=" + String.join(",", etcd.endpoints())));
		lines.addAll(List.of(more));
		return lines;
	}

	@Test
	void foldersByApplicationAndProfileWithProfileOverApplicationOverShared() {
		String p = ConfigApps.prefix("layout");
		String q = ConfigApps.prefix("second");
		ConfigApps.put(client, p,
				ConfigApps.props("application/a", "application", "application/b", "application", "application/c",
						"application", "application/d", "application", "myapp/a", "myapp", "myapp/b", "myapp",
						"myapp/c", "myapp", "application,dev/a", "application,dev", "application,dev/b",
						"application,dev", "myapp,dev/a", "myapp,dev", "myapp,dev/f", "dev", "myapp,eu/f", "eu",
						"myapp,prod/a", "prod", "other/a", "other", "application/g", "first prefix"));
		ConfigApps.put(client, q, ConfigApps.props("application/g", "second prefix"));
		try (ConfigurableApplicationContext context = ConfigApps.run(this.directory, file("etcd:" + p + ";" + q,
				"spring.application.name=myapp", "spring.profiles.active=dev,eu", "a=file", "e=file"), Plain.class)) {
			ConfigurableEnvironment environment = context.getEnvironment();
			assertThat(environment.getProperty("a")).isEqualTo("myapp,dev");
			assertThat(environment.getProperty("b")).isEqualTo("application,dev");
			assertThat(environment.getProperty("c")).isEqualTo("myapp");
			assertThat(environment.getProperty("d")).isEqualTo("application");
			assertThat(environment.getProperty("e")).as("not in etcd: the file's").isEqualTo("file");
			assertThat(environment.getProperty("f")).as("the later profile wins").isEqualTo("eu");
			assertThat(environment.getProperty("g")).as("the later prefix wins").isEqualTo("second prefix");
			List<String> names = new ArrayList<>();
			environment.getPropertySources().forEach((source) -> names.add(source.getName()));
			assertThat(names).filteredOn((name) -> name.startsWith("etcd:" + p))
				.as("one property source per folder, highest precedence first")
				.containsExactly("etcd:" + p + "myapp,eu/", "etcd:" + p + "application,eu/", "etcd:" + p + "myapp,dev/",
						"etcd:" + p + "application,dev/", "etcd:" + p + "myapp/", "etcd:" + p + "application/");
		}
	}

	@Test
	void singleKeysNestedPathsAndDocuments() {
		String p = ConfigApps.prefix("keys");
		ConfigApps.put(client, p,
				ConfigApps.props("application/server/port", "8081", "application/spring.main.banner-mode", "off",
						"application/app.yml", "app:\n  name: from-yaml\n  hosts:\n    - a\n    - b\n  mode: yaml\n",
						"application/db/pool.properties", "size=5\nname=pool\n", "application/app.mode",
						"single key wins", "application/multi.yaml", "x: first\n---\nx: second\n", "application/dir/",
						"ignored"));
		try (ConfigurableApplicationContext context = ConfigApps.run(this.directory, file("etcd:" + p), Plain.class)) {
			ConfigurableEnvironment environment = context.getEnvironment();
			assertThat(environment.getProperty("server.port", Integer.class)).isEqualTo(8081);
			assertThat(environment.getProperty("app.name")).isEqualTo("from-yaml");
			assertThat(environment.getProperty("app.hosts[1]")).isEqualTo("b");
			assertThat(environment.getProperty("db.size")).isEqualTo("5");
			assertThat(environment.getProperty("db.name")).isEqualTo("pool");
			assertThat(environment.getProperty("app.mode")).isEqualTo("single key wins");
			assertThat(environment.getProperty("x")).as("a later YAML document wins").isEqualTo("second");
			PropertySource<?> source = environment.getPropertySources().get("etcd:" + p + "application/");
			assertThat(source).isInstanceOf(EtcdConfigPropertySource.class);
			assertThat(((EtcdConfigPropertySource) source).getPropertyNames()).doesNotContain("dir");
			assertThat(String.valueOf(OriginLookup.getOrigin(source, "server.port")))
				.contains("etcd key '" + p + "application/server/port'");
			assertThat(String.valueOf(OriginLookup.getOrigin(source, "app.name")))
				.contains("etcd key '" + p + "application/app.yml'");
		}
	}

	@Test
	void optionalImportWithEtcdDownStartsWithoutIt() {
		// a port this test holds, which never answers: no other process's etcd can turn
		// up on it
		try (BlackHole hole = BlackHole.open()) {
			optionalImportWithEtcdDownStartsWithoutIt(hole.endpoint());
		}
	}

	private void optionalImportWithEtcdDownStartsWithoutIt(String down) {
		Set<String> before = ConfigApps.clientThreadNames();
		try (ConfigurableApplicationContext context = ConfigApps.run(this.directory,
				List.of("spring.config.import=optional:etcd:/config/", "etcd.endpoints=" + down, "etcd.dial-timeout=1s",
						"greeting=from the file"),
				Plain.class)) {
			assertThat(context.getEnvironment().getProperty("greeting")).isEqualTo("from the file");
			assertThat(context.containsBean(EtcdConfigDataClient.BEAN_NAME)).isFalse();
			assertThat(context.getEnvironment().getPropertySources().stream().map(PropertySource::getName))
				.noneMatch((name) -> name.startsWith("etcd:"));
		}
		Set<String> created = ConfigApps.clientThreadNames();
		created.removeAll(before);
		ConfigApps.awaitThreadsGone(created);
	}

	@Test
	void mandatoryImportWithEtcdDownFailsNamingTheLocationAndEndpointsButNotThePassword() {
		try (BlackHole hole = BlackHole.open()) {
			mandatoryImportWithEtcdDownFails(hole.endpoint());
		}
	}

	private void mandatoryImportWithEtcdDownFails(String down) {
		Set<String> before = ConfigApps.clientThreadNames();
		Throwable failure = catchThrowable(
				() -> ConfigApps
					.run(this.directory,
							List.of("spring.config.import=etcd:/config/", "etcd.endpoints=" + down,
									"etcd.dial-timeout=1s", "etcd.username=app", "etcd.password=s3cret-pw"),
							Plain.class));
		assertThat(failure).isInstanceOf(EtcdConfigDataException.class);
		EtcdConfigDataException exception = (EtcdConfigDataException) failure;
		assertThat(exception.getReason()).isEqualTo(EtcdConfigDataException.Reason.UNAVAILABLE);
		assertThat(exception.getLocation()).isEqualTo("etcd:/config/");
		assertThat(exception.getEndpoints()).containsExactly(down);
		FailureAnalysis analysis = new EtcdConfigDataFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains("etcd:/config/").contains(down);
		assertThat(analysis.getAction()).contains("etcd.endpoints=[" + down + "]").contains("optional:etcd:/config/");
		assertThat(analysis.getDescription() + analysis.getAction() + stackTrace(failure)).doesNotContain("s3cret-pw");
		Set<String> created = ConfigApps.clientThreadNames();
		created.removeAll(before);
		ConfigApps.awaitThreadsGone(created);
	}

	@Test
	void malformedDocumentFailsNamingTheKeyEvenWhenOptional() {
		String p = ConfigApps.prefix("malformed");
		ConfigApps.put(client, p, ConfigApps.props("application/app.yml", "app:\n  name: [unclosed\n"));
		for (String location : List.of("etcd:" + p, "optional:etcd:" + p)) {
			Throwable failure = catchThrowable(() -> ConfigApps.run(this.directory, file(location), Plain.class));
			assertThat(failure).isInstanceOf(EtcdConfigDataException.class);
			EtcdConfigDataException exception = (EtcdConfigDataException) failure;
			assertThat(exception.getReason()).isEqualTo(EtcdConfigDataException.Reason.INVALID_DOCUMENT);
			assertThat(exception.getKey()).isEqualTo(p + "application/app.yml");
			FailureAnalysis analysis = new EtcdConfigDataFailureAnalyzer().analyze(failure);
			assertThat(analysis.getDescription()).contains(p + "application/app.yml").contains(location);
			assertThat(analysis.getAction()).contains(p + "application/app.yml");
		}
	}

	@Test
	void locationThatIsNotAPrefixFailsNamingIt() {
		for (String location : List.of("etcd:/config/myapp/app.yml", "etcd:http://127.0.0.1:2379/config",
				"etcd:/config/;;/shared/", "optional:etcd:/config/*")) {
			Throwable failure = catchThrowable(() -> ConfigApps.run(this.directory, file(location), Plain.class));
			assertThat(failure).as(location).isInstanceOf(EtcdConfigDataException.class);
			EtcdConfigDataException exception = (EtcdConfigDataException) failure;
			assertThat(exception.getReason()).isEqualTo(EtcdConfigDataException.Reason.INVALID_LOCATION);
			assertThat(exception.getMessage()).contains(location);
			FailureAnalysis analysis = new EtcdConfigDataFailureAnalyzer().analyze(failure);
			assertThat(analysis.getAction()).contains("etcd:/config/");
		}
	}

	@Test
	void theImportsClientIsTheApplicationsClientAndCloses() {
		String p = ConfigApps.prefix("one-client");
		ConfigApps.put(client, p, ConfigApps.props("application/greeting", "hello"));
		Set<String> before = ConfigApps.clientThreadNames();
		Set<String> created;
		try (ConfigurableApplicationContext context = ConfigApps.run(this.directory, file("etcd:" + p),
				WithClient.class)) {
			assertThat(context.getEnvironment().getProperty("greeting")).isEqualTo("hello");
			EtcdClient applicationClient = context.getBean(EtcdClient.class);
			assertThat(applicationClient).isSameAs(context.getBean(EtcdConfigDataClient.class).getClient());
			created = ConfigApps.clientThreadNames();
			created.removeAll(before);
			assertThat(created).as("one client, so one connection").hasSize(1);
			applicationClient.kv().put(p + "application/greeting", "changed").join();
			await().atMost(Duration.ofSeconds(10)).until(ConfigApps::refreshThreadAlive);
			assertThat(context.getEnvironment().getProperty("greeting")).isEqualTo("changed");
		}
		ConfigApps.awaitThreadsGone(created);
	}

	@Test
	void theImportsClientGetsTheApplicationsMetersOnceTheRegistryExists() {
		// the client is built before any bean, so no builder customizer reaches it: its
		// hooks are
		// filled in when the meter registry is there
		String p = ConfigApps.prefix("metered");
		ConfigApps.put(client, p, ConfigApps.props("application/greeting", "hello"));
		try (ConfigurableApplicationContext context = ConfigApps.run(this.directory, file("etcd:" + p),
				WithMeters.class)) {
			EtcdClient applicationClient = context.getBean(EtcdClient.class);
			assertThat(applicationClient).isSameAs(context.getBean(EtcdConfigDataClient.class).getClient());
			applicationClient.kv().put(p + "metered", "v").join();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(
						meters.find("etcd.client.requests").tags("client", "etcdClient", "method", "Put").timer())
					.isNotNull());
			assertThat(meters.find("etcd.client.connections").tag("client", "etcdClient").gauges())
				.as("connections made before the registry existed are known")
				.isNotEmpty();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EtcdAutoConfiguration.class, EtcdMetricsAutoConfiguration.class })
	static class WithMeters {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Test
	void aStartUpFailingAfterTheImportConnectedClosesItsClient() {
		String p = ConfigApps.prefix("later-failure");
		ConfigApps.put(client, p, ConfigApps.props("application/greeting", "hello"));
		Set<String> before = ConfigApps.clientThreadNames();
		AtomicBoolean built = new AtomicBoolean();
		EtcdClientBuilderCustomizer customizer = (builder) -> built.set(true);
		// imports load last to first: etcd connects, then the missing file stops start-up
		Throwable failure = catchThrowable(() -> ConfigApps.run(this.directory,
				file("file:" + this.directory.resolve("missing.properties") + ",etcd:" + p),
				(registry) -> registry.register(EtcdClientBuilderCustomizer.class, InstanceSupplier.of(customizer)),
				Plain.class));
		assertThat(failure).hasMessageContaining("missing.properties");
		assertThat(built).as("the import's client was built, with the bootstrap customizer").isTrue();
		Set<String> created = ConfigApps.clientThreadNames();
		created.removeAll(before);
		ConfigApps.awaitThreadsGone(created);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(EtcdAutoConfiguration.class)
	static class OwnClient {

		@Bean(destroyMethod = "close")
		EtcdClient myClient(@Value("${etcd.endpoints}") String endpoints) {
			return EtcdClient.builder().endpoints(endpoints).build();
		}

	}

	@Test
	void anApplicationWithItsOwnClientKeepsItAndTheImportsClientStillCloses() {
		String p = ConfigApps.prefix("own-client");
		ConfigApps.put(client, p, ConfigApps.props("application/greeting", "hello"));
		Set<String> before = ConfigApps.clientThreadNames();
		Set<String> created;
		try (ConfigurableApplicationContext context = ConfigApps.run(this.directory, file("etcd:" + p),
				OwnClient.class)) {
			assertThat(context.getBeansOfType(EtcdClient.class)).containsOnlyKeys("myClient");
			assertThat(context.getBean(EtcdClient.class))
				.isNotSameAs(context.getBean(EtcdConfigDataClient.class).getClient());
			created = ConfigApps.clientThreadNames();
			created.removeAll(before);
			assertThat(created).hasSize(2);
		}
		ConfigApps.awaitThreadsGone(created);
	}

	@Test
	void theImportConnectsOverTlsWithAnSslBundleFromTheProperties() {
		TestCertificates certificates = TestCertificates.generate(this.directory);
		try (EtcdCluster secured = EtcdCluster.builder().tls(certificates.serverTls(false)).start()) {
			String p = ConfigApps.prefix("tls");
			try (EtcdClient admin = EtcdClient.builder()
				.endpoints(secured.clientEndpoints())
				.tls(TlsOptions.trustCertificates(certificates.caCertificate()))
				.build()) {
				admin.kv().put(p + "application/greeting", "over TLS").join();
			}
			try (ConfigurableApplicationContext context = ConfigApps.run(this.directory,
					List.of("spring.config.import=etcd:" + p, "etcd.endpoints=" + secured.clientEndpoint(),
							"etcd.ssl.bundle=etcd",
							"spring.ssl.bundle.pem.etcd.truststore.certificate=file:" + certificates.caCertificate()),
					Plain.class)) {
				assertThat(context.getEnvironment().getProperty("greeting")).isEqualTo("over TLS");
			}
		}
	}

	@Test
	void watchCanBeSwitchedOff() {
		String p = ConfigApps.prefix("no-watch");
		ConfigApps.put(client, p, ConfigApps.props("application/greeting", "hello"));
		try (ConfigurableApplicationContext context = ConfigApps.run(this.directory,
				file("etcd:" + p, "etcd.config.watch.enabled=false"), Plain.class)) {
			assertThat(context.getEnvironment().getProperty("greeting")).isEqualTo("hello");
			assertThat(context.containsBean(EtcdConfigWatcher.BEAN_NAME)).isFalse();
			assertThat(context.containsBean(EtcdConfigDataClient.BEAN_NAME)).isTrue();
		}
	}

	private static String stackTrace(Throwable failure) {
		StringBuilder text = new StringBuilder();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			text.append(t).append('\n');
		}
		return text.toString();
	}

}
