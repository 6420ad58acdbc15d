package dev.etcdspring.boot.autoconfigure.diagnostics;

import java.nio.file.Path;
import java.util.Map;

import dev.etcdspring.boot.autoconfigure.EtcdAutoConfiguration;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.error.AuthFailedException;
import dev.etcdspring.client.error.DialTimeoutException;
import dev.etcdspring.client.error.InvalidEndpointException;
import dev.etcdspring.client.error.TlsException;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdClusterExtension;
import dev.etcdspring.test.LoopbackPorts;
import dev.etcdspring.test.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** Each start-up failure, produced for real, and the message its analyzer gives. */
class EtcdFailureAnalyzersTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	@TempDir
	Path directory;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, SslAutoConfiguration.class));

	private static StandardEnvironment environment(String... properties) {
		StandardEnvironment environment = new StandardEnvironment();
		Map<String, Object> map = new java.util.HashMap<>();
		for (String property : properties) {
			map.put(property.substring(0, property.indexOf('=')), property.substring(property.indexOf('=') + 1));
		}
		environment.getPropertySources().addFirst(new MapPropertySource("test", map));
		return environment;
	}

	private FailureAnalysis analyze(AbstractFailureAnalyzer<?> analyzer, Class<? extends Throwable> expected,
			String... properties) {
		Throwable[] failure = new Throwable[1];
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			failure[0] = context.getStartupFailure();
		});
		boolean found = false;
		for (Throwable t = failure[0]; t != null; t = t.getCause()) {
			found |= expected.isInstance(t);
		}
		assertThat(found).as("%s in the cause chain of %s", expected.getSimpleName(), failure[0]).isTrue();
		FailureAnalysis analysis = analyzer.analyze(failure[0]);
		assertThat(analysis).as("the analyzer recognises the failure").isNotNull();
		return analysis;
	}

	@Test
	void unreachableEtcdNamesTheEndpointsAndTheDialTimeoutProperty() {
		String endpoint = "http://127.0.0.1:" + LoopbackPorts.next();
		String[] properties = { "etcd.endpoints=" + endpoint, "etcd.dial-timeout=2s" };
		FailureAnalysis analysis = analyze(new EtcdDialTimeoutFailureAnalyzer(environment(properties)),
				DialTimeoutException.class, properties);
		assertThat(analysis.getDescription()).contains(endpoint).contains("Connection refused");
		assertThat(analysis.getAction()).contains("etcd.endpoints=[" + endpoint + "]")
			.contains("etcd.dial-timeout")
			.contains("2s");
	}

	@Test
	void malformedEndpointNamesThePropertyAndTheValue() {
		FailureAnalysis analysis = analyze(new EtcdEndpointFailureAnalyzer(), InvalidEndpointException.class,
				"etcd.endpoints=ftp://etcd:2379");
		assertThat(analysis.getDescription()).contains("'ftp://etcd:2379'").contains("etcd.endpoints");
		assertThat(analysis.getAction()).contains("http://127.0.0.1:2379");
	}

	@Test
	void aPortThatIsNotANumberIsCalledThat() {
		FailureAnalysis analysis = analyze(new EtcdEndpointFailureAnalyzer(), InvalidEndpointException.class,
				"etcd.endpoints=127.0.0.1:notaport");
		assertThat(analysis.getDescription()).contains("etcd.endpoints").contains("'notaport' is not a number");
	}

	@Test
	void mixedSchemesAreAnEndpointError() {
		FailureAnalysis analysis = analyze(new EtcdEndpointFailureAnalyzer(), InvalidEndpointException.class,
				"etcd.endpoints=http://etcd-1:2379,https://etcd-2:2379");
		assertThat(analysis.getDescription()).contains("etcd.endpoints").contains("mix http and https");
	}

	@Test
	void anEmptyEndpointListIsAnEndpointError() {
		FailureAnalysis analysis = analyze(new EtcdEndpointFailureAnalyzer(), InvalidEndpointException.class,
				"etcd.endpoints=");
		assertThat(analysis.getDescription()).contains("etcd.endpoints").contains("No etcd endpoints");
	}

	@Test
	void plainTextEndpointWithSslEnabledIsAnEndpointError() {
		FailureAnalysis analysis = analyze(new EtcdEndpointFailureAnalyzer(), InvalidEndpointException.class,
				"etcd.endpoints=http://127.0.0.1:2379", "etcd.ssl.enabled=true");
		assertThat(analysis.getDescription()).contains("etcd.ssl is enabled");
	}

	@Test
	void wrongCredentialsNameTheUserButNotThePassword() {
		try (EtcdCluster secured = EtcdCluster.builder().start()) {
			try (EtcdClient admin = EtcdClient.builder().endpoints(secured.clientEndpoints()).build()) {
				admin.auth().addUser("root", "right").join();
				admin.auth().grantRole("root", "root").join();
				admin.auth().enable().join();
			}
			String[] properties = { "etcd.endpoints=" + secured.clientEndpoint(), "etcd.username=root",
					"etcd.password=wrong-secret" };
			FailureAnalysis analysis = analyze(new EtcdAuthenticationFailureAnalyzer(environment(properties)),
					AuthFailedException.class, properties);
			assertThat(analysis.getDescription()).contains("'root'").doesNotContain("wrong-secret");
			assertThat(analysis.getAction()).contains("etcd.username")
				.contains("etcd.password")
				.doesNotContain("wrong-secret");
		}
	}

	@Test
	void tlsHandshakeFailureNamesTheBundle() {
		TestCertificates certificates = TestCertificates.generate(this.directory);
		try (EtcdCluster secured = EtcdCluster.builder().tls(certificates.serverTls(false)).start()) {
			String[] properties = { "etcd.endpoints=" + secured.clientEndpoint(), "etcd.ssl.bundle=etcd",
					"spring.ssl.bundle.pem.etcd.truststore.certificate=file:" + certificates.unrelatedCaCertificate() };
			FailureAnalysis analysis = analyze(new EtcdTlsFailureAnalyzer(environment(properties)), TlsException.class,
					properties);
			assertThat(analysis.getDescription()).contains("not trusted");
			assertThat(analysis.getAction()).contains("etcd.ssl.bundle (now etcd)");
		}
	}

	@Test
	void unknownSslBundleIsNamed() {
		String[] properties = { "etcd.endpoints=https://127.0.0.1:2379", "etcd.ssl.bundle=missing" };
		FailureAnalysis analysis = analyze(new EtcdSslBundleFailureAnalyzer(environment(properties)),
				NoSuchSslBundleException.class, properties);
		assertThat(analysis.getDescription()).contains("etcd.ssl.bundle").contains("'missing'");
		assertThat(analysis.getAction()).contains("spring.ssl.bundle.pem.missing");
		// another bundle's absence is not ours to explain
		assertThat(new EtcdSslBundleFailureAnalyzer(environment("etcd.ssl.bundle=other"))
			.analyze(new NoSuchSslBundleException("missing", "no such bundle"))).isNull();
	}

}
