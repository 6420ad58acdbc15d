package dev.etcdspring.boot.autoconfigure;

import java.nio.file.Path;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.auth.Permission;
import dev.etcdspring.core.EtcdTemplate;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdClusterExtension;
import dev.etcdspring.test.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.PermissionDeniedDataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Contexts with the auto-configuration against real etcd servers: auth, TLS bundles,
 * namespaces.
 */
class EtcdAutoConfigurationIntegrationTests {

	@TempDir
	static Path directory;

	@RegisterExtension
	static final EtcdClusterExtension plain = EtcdClusterExtension.shared();

	static TestCertificates certificates;

	static EtcdCluster secured;

	static EtcdCluster mutualTls;

	static EtcdCluster withAuth;

	@BeforeAll
	static void start() {
		certificates = TestCertificates.generate(directory);
		secured = EtcdCluster.builder().tls(certificates.serverTls(false)).start();
		mutualTls = EtcdCluster.builder().tls(certificates.serverTls(true)).start();
		withAuth = EtcdCluster.builder().start();
		try (EtcdClient admin = EtcdClient.builder().endpoints(withAuth.clientEndpoints()).build()) {
			admin.auth().addUser("root", "root-pw").join();
			admin.auth().grantRole("root", "root").join();
			admin.auth().addUser("app", "app-pw").join();
			admin.auth().addRole("app").join();
			admin.auth()
				.grantPermission("app", new Permission(Permission.Type.READWRITE, KeyRange.prefix("app/")))
				.join();
			admin.auth().grantRole("app", "app").join();
			admin.auth().enable().join();
		}
	}

	@AfterAll
	static void stop() {
		secured.close();
		mutualTls.close();
		withAuth.close();
	}

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, SslAutoConfiguration.class));

	@Test
	void authenticatedUserIsLimitedToItsRole() {
		this.contextRunner
			.withPropertyValues("etcd.endpoints=" + withAuth.clientEndpoint(), "etcd.username=app",
					"etcd.password=app-pw")
			.run((context) -> {
				EtcdTemplate template = context.getBean(EtcdTemplate.class);
				template.put("app/k", "v");
				assertThat(template.get("app/k")).hasValue("v");
				assertThatExceptionOfType(PermissionDeniedDataAccessException.class)
					.isThrownBy(() -> template.put("other", "v"));
			});
	}

	@Test
	void tlsThroughAPemSslBundle() {
		this.contextRunner
			.withPropertyValues("etcd.endpoints=" + secured.clientEndpoint(), "etcd.ssl.bundle=etcd",
					"spring.ssl.bundle.pem.etcd.truststore.certificate=file:" + certificates.caCertificate())
			.run((context) -> {
				EtcdTemplate template = context.getBean(EtcdTemplate.class);
				template.put("tls/k", "over TLS");
				assertThat(template.get("tls/k")).hasValue("over TLS");
			});
	}

	@Test
	void mutualTlsThroughAPemSslBundleWithAKey() {
		TestCertificates.ClientCertificate client = certificates.clientCertificate("boot-app");
		this.contextRunner
			.withPropertyValues("etcd.endpoints=" + mutualTls.clientEndpoint().replace("https://", ""),
					"etcd.ssl.enabled=true", "etcd.ssl.bundle=etcd",
					"spring.ssl.bundle.pem.etcd.truststore.certificate=file:" + certificates.caCertificate(),
					"spring.ssl.bundle.pem.etcd.keystore.certificate=file:" + client.certificate(),
					"spring.ssl.bundle.pem.etcd.keystore.private-key=file:" + client.key())
			.run((context) -> {
				assertThat(context.getBean(EtcdConnectionDetails.class).getEndpoints())
					.containsExactly(mutualTls.clientEndpoint());
				EtcdTemplate template = context.getBean(EtcdTemplate.class);
				template.put("mtls/k", "mutual");
				assertThat(template.get("mtls/k")).hasValue("mutual");
			});
	}

	@Test
	void sslEnabledWithoutABundleUsesTheJvmTrustStore() {
		// the JVM does not trust the test CA: the TLS failure proves TLS was attempted
		// with its trust
		this.contextRunner
			.withPropertyValues("etcd.endpoints=" + secured.clientEndpoint().replace("https://", ""),
					"etcd.ssl.enabled=true", "etcd.dial-timeout=1m")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasStackTraceContaining("TlsException")
					.hasStackTraceContaining("not trusted")
					.hasStackTraceContaining(secured.clientEndpoint());
			});
	}

	@Test
	void namespaceIsAppliedTransparently() {
		this.contextRunner
			.withPropertyValues("etcd.endpoints=" + plain.cluster().clientEndpoint(), "etcd.namespace=tenant-1/")
			.run((context) -> {
				EtcdTemplate template = context.getBean(EtcdTemplate.class);
				template.put("config/mode", "blue");
				assertThat(template.getPrefix("config/")).containsOnlyKeys("config/mode");
				try (EtcdClient raw = EtcdClient.builder().endpoints(plain.endpoints()).build()) {
					assertThat(raw.kv().get("tenant-1/config/mode").join().first().orElseThrow().valueAsString())
						.isEqualTo("blue");
				}
			});
	}

}
