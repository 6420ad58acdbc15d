package dev.etcdspring.client.tls;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.TlsOptions;
import dev.etcdspring.client.auth.Permission;
import dev.etcdspring.client.error.PermissionDeniedException;
import dev.etcdspring.client.error.TlsException;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdClusterExtension;
import dev.etcdspring.test.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/** TLS and mutual TLS against real etcd servers, with certificates made for this run. */
class TlsTests {

	@TempDir
	static Path directory;

	@RegisterExtension
	static final EtcdClusterExtension plain = EtcdClusterExtension.shared();

	static TestCertificates certificates;

	static EtcdCluster tls;

	static EtcdCluster mutualTls;

	@BeforeAll
	static void startServers() {
		certificates = TestCertificates.generate(directory, "etcd.test");
		tls = EtcdCluster.builder().tls(certificates.serverTls(false)).start();
		mutualTls = EtcdCluster.builder().tls(certificates.serverTls(true)).start();
	}

	@AfterAll
	static void stopServers() {
		tls.close();
		mutualTls.close();
	}

	private static void roundTrip(EtcdClient client) {
		client.kv().put("tls/k", "v").join();
		assertThat(client.kv().get("tls/k").join().first().orElseThrow().valueAsString()).isEqualTo("v");
	}

	@Test
	void serverCertificateTrustedFromAPemCa() {
		try (EtcdClient client = EtcdClient.builder()
			.endpoints(tls.clientEndpoints())
			.tls(TlsOptions.trustCertificates(certificates.caCertificate()))
			.build()) {
			assertThat(tls.clientEndpoint()).startsWith("https://");
			roundTrip(client);
			assertThat(client.watch().watch("tls/w", (r) -> {
			}).created().join()).isPositive();
		}
	}

	@Test
	void serverCertificateTrustedFromATrustManagerFactory() throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setCertificateEntry("ca", certificate(certificates.caCertificate()));
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(store);
		try (EtcdClient client = EtcdClient.builder()
			.endpoints(tls.clientEndpoints())
			.tls(TlsOptions.trustManager(trust))
			.build()) {
			roundTrip(client);
		}
	}

	@Test
	void mutualTlsWithPemFilesAndWithAKeyManagerFactory() throws Exception {
		TestCertificates.ClientCertificate client = certificates.clientCertificate("app");
		try (EtcdClient pem = EtcdClient.builder()
			.endpoints(mutualTls.clientEndpoints())
			.tls(TlsOptions.trustCertificates(certificates.caCertificate())
				.withClientCertificate(client.certificate(), client.key()))
			.build()) {
			roundTrip(pem);
		}
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setKeyEntry("client", privateKey(client.key()), "pw".toCharArray(),
				new Certificate[] { certificate(client.certificate()) });
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(store, "pw".toCharArray());
		try (EtcdClient factory = EtcdClient.builder()
			.endpoints(mutualTls.clientEndpoints())
			.tls(TlsOptions.trustCertificates(certificates.caCertificate()).withKeyManager(keys))
			.build()) {
			roundTrip(factory);
		}
	}

	@Test
	void aFailedBuildLogsNothingButThrowsItsError() {
		// a state listener that fires after build() shut the client's pool down used to
		// end in gRPC's
		// "Uncaught exception in the SynchronizationContext. Panic!"
		List<LogRecord> records = new CopyOnWriteArrayList<>();
		Handler capture = new Handler() {
			@Override
			public void publish(LogRecord record) {
				if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
					records.add(record);
				}
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}
		};
		Logger.getLogger("").addHandler(capture);
		try {
			for (int i = 0; i < 20; i++) {
				assertThatExceptionOfType(TlsException.class).isThrownBy(() -> EtcdClient.builder()
					.endpoints(tls.clientEndpoints())
					.tls(TlsOptions.trustCertificates(certificates.unrelatedCaCertificate()))
					.build());
			}
		}
		finally {
			Logger.getLogger("").removeHandler(capture);
		}
		assertThat(records).extracting((r) -> r.getLoggerName() + ": " + r.getMessage()).isEmpty();
	}

	@Test
	void wrongCaFailsFastWithATlsErrorNamingTheEndpoint() {
		// a dial timeout this long would make a timeout-based failure obvious: the type
		// proves it is not one
		assertThatExceptionOfType(TlsException.class)
			.isThrownBy(() -> EtcdClient.builder()
				.endpoints(tls.clientEndpoints())
				.tls(TlsOptions.trustCertificates(certificates.unrelatedCaCertificate()))
				.dialTimeout(Duration.ofMinutes(2))
				.build())
			.withMessageContaining(tls.clientEndpoint())
			.withMessageContaining("not trusted");
	}

	@Test
	void missingClientCertificateAgainstAServerThatRequiresOneFailsClearly() {
		Throwable thrown = catchThrowable(() -> EtcdClient.builder()
			.endpoints(mutualTls.clientEndpoints())
			.tls(TlsOptions.trustCertificates(certificates.caCertificate()))
			.dialTimeout(Duration.ofMinutes(2))
			.build());
		assertThat(thrown).isInstanceOf(TlsException.class).hasMessageContaining("client certificate");
	}

	@Test
	void plainTextToATlsPortAndTlsToAPlainPortFailClearly() {
		// the TLS server hangs up or resets the connection: a reset is recognised at the
		// dial deadline
		String plainTextToTls = tls.clientEndpoint().replace("https://", "http://");
		assertThatExceptionOfType(TlsException.class)
			.isThrownBy(() -> EtcdClient.builder().endpoints(plainTextToTls).dialTimeout(Duration.ofSeconds(3)).build())
			.withMessageContaining("https://");
		String tlsToPlain = plain.cluster().clientEndpoint().replace("http://", "https://");
		assertThatExceptionOfType(TlsException.class)
			.isThrownBy(() -> EtcdClient.builder()
				.endpoints(tlsToPlain)
				.tls(TlsOptions.trustCertificates(certificates.caCertificate()))
				.dialTimeout(Duration.ofMinutes(2))
				.build())
			.withMessageContaining("http://");
	}

	@Test
	void authorityOverrideChecksTheCertificateAgainstAnotherName() {
		try (EtcdClient client = EtcdClient.builder()
			.endpoints(tls.clientEndpoints())
			.tls(TlsOptions.trustCertificates(certificates.caCertificate()).withAuthority("etcd.test"))
			.build()) {
			roundTrip(client);
		}
		assertThatExceptionOfType(TlsException.class)
			.isThrownBy(() -> EtcdClient.builder()
				.endpoints(tls.clientEndpoints())
				.tls(TlsOptions.trustCertificates(certificates.caCertificate()).withAuthority("not-in.certificate"))
				.dialTimeout(Duration.ofMinutes(2))
				.build())
			.withMessageContaining("does not name");
	}

	@Test
	void clientCertificateCommonNameIsTheUserWithAuthEnabled() {
		try (EtcdCluster server = EtcdCluster.builder().tls(certificates.serverTls(true)).start()) {
			TestCertificates.ClientCertificate rootCertificate = certificates.clientCertificate("root");
			TlsOptions asRoot = TlsOptions.trustCertificates(certificates.caCertificate())
				.withClientCertificate(rootCertificate.certificate(), rootCertificate.key());
			try (EtcdClient admin = EtcdClient.builder().endpoints(server.clientEndpoints()).tls(asRoot).build()) {
				admin.auth().addUserWithoutPassword("root").join();
				admin.auth().grantRole("root", "root").join();
				admin.auth().addUserWithoutPassword("cn-user").join();
				admin.auth().addRole("cn").join();
				admin.auth()
					.grantPermission("cn", new Permission(Permission.Type.READWRITE, KeyRange.prefix("cn/")))
					.join();
				admin.auth().grantRole("cn-user", "cn").join();
				admin.auth().enable().join();
				// root by certificate alone: still allowed after auth is on
				admin.kv().put("outside", "root may").join();
			}
			TestCertificates.ClientCertificate user = certificates.clientCertificate("cn-user");
			try (EtcdClient client = EtcdClient.builder()
				.endpoints(server.clientEndpoints())
				.tls(TlsOptions.trustCertificates(certificates.caCertificate())
					.withClientCertificate(user.certificate(), user.key()))
				.build()) {
				client.kv().put("cn/k", "v").join();
				assertThat(catchThrowable(client.kv().put("outside", "no")::join))
					.hasCauseInstanceOf(PermissionDeniedException.class);
			}
		}
	}

	private static Certificate certificate(Path pem) throws Exception {
		try (InputStream in = Files.newInputStream(pem)) {
			return CertificateFactory.getInstance("X.509").generateCertificate(in);
		}
	}

	private static PrivateKey privateKey(Path pem) throws Exception {
		String base64 = Files.readString(pem, StandardCharsets.US_ASCII)
			.replaceAll("-----[A-Z ]+-----", "")
			.replaceAll("\\s", "");
		return KeyFactory.getInstance("EC")
			.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
	}

}
