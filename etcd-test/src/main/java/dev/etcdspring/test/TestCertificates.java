package dev.etcdspring.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made at test time (nothing secret is committed): a CA, a server
 * certificate for {@code 127.0.0.1}, {@code ::1} and {@code localhost} (and, when asked
 * for, another host name), client certificates per common name, and an unrelated CA for
 * "wrong CA" tests. PEM files, EC P-256 keys in PKCS#8. Thread-safe.
 */
public final class TestCertificates {

	private static final AtomicLong serials = new AtomicLong(System.currentTimeMillis());

	private final Path directory;

	private final Issuer ca;

	private final Issuer otherCa;

	private final Path serverCertificate;

	private final Path serverKey;

	private record Issuer(X500Name name, KeyPair keys, Path certificate) {
	}

	private TestCertificates(Path directory, String... extraServerNames) {
		this.directory = directory;
		this.ca = newCa("etcd-test CA", "ca");
		this.otherCa = newCa("unrelated CA", "other-ca");
		List<GeneralName> names = new ArrayList<>(List.of(new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
				new GeneralName(GeneralName.iPAddress, "::1"), new GeneralName(GeneralName.dNSName, "localhost")));
		for (String name : extraServerNames) {
			names.add(new GeneralName(GeneralName.dNSName, name));
		}
		KeyPair serverKeys = keyPair();
		this.serverCertificate = write("server.pem",
				issue(this.ca, "etcd server", serverKeys, names, KeyPurposeId.id_kp_serverAuth));
		this.serverKey = writeKey("server-key.pem", serverKeys.getPrivate());
	}

	/**
	 * Makes a CA and a server certificate in the directory.
	 * @param directory where the PEM files go
	 * @param extraServerNames more DNS names the server certificate is valid for
	 * @return the certificates
	 */
	public static TestCertificates generate(Path directory, String... extraServerNames) {
		return new TestCertificates(directory, extraServerNames);
	}

	/**
	 * The CA certificate that signs the server and client certificates.
	 * @return the PEM file
	 */
	public Path caCertificate() {
		return this.ca.certificate();
	}

	/**
	 * A CA certificate that signed nothing here, to make verification fail.
	 * @return the PEM file
	 */
	public Path unrelatedCaCertificate() {
		return this.otherCa.certificate();
	}

	/**
	 * The server certificate.
	 * @return the PEM file
	 */
	public Path serverCertificate() {
		return this.serverCertificate;
	}

	/**
	 * The server's private key.
	 * @return the PEM file
	 */
	public Path serverKey() {
		return this.serverKey;
	}

	/**
	 * A client certificate and key signed by the CA.
	 * @param commonName the subject's CN (etcd's user name with TLS common-name auth)
	 * @return the certificate file and the key file
	 */
	public synchronized ClientCertificate clientCertificate(String commonName) {
		KeyPair keys = keyPair();
		String base = "client-" + commonName.replaceAll("[^A-Za-z0-9_-]", "_");
		Path certificate = write(base + ".pem",
				issue(this.ca, commonName, keys, List.of(), KeyPurposeId.id_kp_clientAuth));
		return new ClientCertificate(certificate, writeKey(base + "-key.pem", keys.getPrivate()));
	}

	/**
	 * TLS settings for {@link EtcdCluster.Builder#tls(EtcdTls)}.
	 * @param requireClientCertificate whether members require client certificates signed
	 * by the CA
	 * @return the settings
	 */
	public EtcdTls serverTls(boolean requireClientCertificate) {
		return new EtcdTls(this.serverCertificate, this.serverKey, requireClientCertificate ? caCertificate() : null,
				requireClientCertificate);
	}

	/**
	 * A client certificate and its key.
	 *
	 * @param certificate the certificate, PEM
	 * @param key the private key, PEM (PKCS#8)
	 */
	public record ClientCertificate(Path certificate, Path key) {
	}

	// ---------------------------------------------------------------- making them

	private Issuer newCa(String commonName, String file) {
		KeyPair keys = keyPair();
		X500Name name = new X500Name("CN=" + commonName);
		try {
			X509v3CertificateBuilder builder = builder(name, name, keys)
				.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
				.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
			X509Certificate certificate = sign(builder, keys.getPrivate());
			return new Issuer(name, keys, write(file + ".pem", certificate));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private X509Certificate issue(Issuer issuer, String commonName, KeyPair keys, List<GeneralName> names,
			KeyPurposeId purpose) {
		try {
			X509v3CertificateBuilder builder = builder(issuer.name(), new X500Name("CN=" + commonName), keys)
				.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
				.addExtension(Extension.keyUsage, true,
						new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
				.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
			if (!names.isEmpty()) {
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(names.toArray(GeneralName[]::new)));
			}
			return sign(builder, issuer.keys().getPrivate());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
		Instant now = Instant.now();
		return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serials.incrementAndGet()),
				Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject,
				keys.getPublic());
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) {
		try {
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException("Cannot sign a test certificate", ex);
		}
	}

	private static KeyPair keyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot make an EC key pair", ex);
		}
	}

	private Path write(String name, Object pemObject) {
		Path file = this.directory.resolve(name);
		try {
			Files.createDirectories(this.directory);
			try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
					JcaPEMWriter pem = new JcaPEMWriter(out)) {
				pem.writeObject(pemObject);
			}
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Path writeKey(String name, PrivateKey key) {
		try {
			return write(name, new JcaPKCS8Generator(key, null).generate());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public String toString() {
		return "TestCertificates[" + this.directory + "]";
	}

}
