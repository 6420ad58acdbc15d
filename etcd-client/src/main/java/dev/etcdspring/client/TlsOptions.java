package dev.etcdspring.client;

import java.nio.file.Path;
import java.util.Objects;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import org.jspecify.annotations.Nullable;

/**
 * How the client verifies members and proves itself over TLS ({@code https://}
 * endpoints). JDK types only: a trust store or a PEM CA file to trust, and optionally a
 * client certificate (PEM files or a {@link KeyManagerFactory}) for mutual TLS. Without
 * trust settings the JVM's default trust store is used. Immutable; each {@code with…}
 * method returns a new value.
 *
 * <pre>{@code
 * TlsOptions.trustCertificates(Path.of("ca.pem")).withClientCertificate(Path.of("client.pem"), Path.of("client-key.pem"))
 * }</pre>
 */
public final class TlsOptions {

	private static final TlsOptions DEFAULT = new TlsOptions(null, null, null, null, null, null);

	private final @Nullable Path trustCertificates;

	private final @Nullable TrustManagerFactory trustManagerFactory;

	private final @Nullable Path clientCertificate;

	private final @Nullable Path clientKey;

	private final @Nullable KeyManagerFactory keyManagerFactory;

	private final @Nullable String authority;

	private TlsOptions(@Nullable Path trustCertificates, @Nullable TrustManagerFactory trustManagerFactory,
			@Nullable Path clientCertificate, @Nullable Path clientKey, @Nullable KeyManagerFactory keyManagerFactory,
			@Nullable String authority) {
		this.trustCertificates = trustCertificates;
		this.trustManagerFactory = trustManagerFactory;
		this.clientCertificate = clientCertificate;
		this.clientKey = clientKey;
		this.keyManagerFactory = keyManagerFactory;
		this.authority = authority;
	}

	/**
	 * TLS trusting the JVM's default trust store, without a client certificate.
	 * @return the options
	 */
	public static TlsOptions defaults() {
		return DEFAULT;
	}

	/**
	 * TLS trusting the CA certificates in a PEM file.
	 * @param caCertificates the PEM file
	 * @return the options
	 */
	public static TlsOptions trustCertificates(Path caCertificates) {
		return DEFAULT.withTrustCertificates(caCertificates);
	}

	/**
	 * TLS trusting what a trust manager factory trusts (for instance one from a Spring
	 * SSL bundle).
	 * @param factory the initialised factory
	 * @return the options
	 */
	public static TlsOptions trustManager(TrustManagerFactory factory) {
		return DEFAULT.withTrustManager(factory);
	}

	/**
	 * These options trusting the CA certificates in a PEM file instead.
	 * @param caCertificates the PEM file
	 * @return new options
	 */
	public TlsOptions withTrustCertificates(Path caCertificates) {
		return new TlsOptions(Objects.requireNonNull(caCertificates, "caCertificates"), null, this.clientCertificate,
				this.clientKey, this.keyManagerFactory, this.authority);
	}

	/**
	 * These options trusting what a trust manager factory trusts instead.
	 * @param factory the initialised factory
	 * @return new options
	 */
	public TlsOptions withTrustManager(TrustManagerFactory factory) {
		return new TlsOptions(null, Objects.requireNonNull(factory, "factory"), this.clientCertificate, this.clientKey,
				this.keyManagerFactory, this.authority);
	}

	/**
	 * These options with a client certificate for mutual TLS, from PEM files.
	 * @param certificateChain the certificate chain, PEM
	 * @param privateKey the private key, PEM (PKCS#8)
	 * @return new options
	 */
	public TlsOptions withClientCertificate(Path certificateChain, Path privateKey) {
		return new TlsOptions(this.trustCertificates, this.trustManagerFactory,
				Objects.requireNonNull(certificateChain, "certificateChain"),
				Objects.requireNonNull(privateKey, "privateKey"), null, this.authority);
	}

	/**
	 * These options with a client certificate for mutual TLS, from a key manager factory.
	 * @param factory the initialised factory
	 * @return new options
	 */
	public TlsOptions withKeyManager(KeyManagerFactory factory) {
		return new TlsOptions(this.trustCertificates, this.trustManagerFactory, null, null,
				Objects.requireNonNull(factory, "factory"), this.authority);
	}

	/**
	 * These options checking every member's certificate against this host name instead of
	 * the endpoint's host (for members reached through an address their certificate does
	 * not name).
	 * @param serverName the name the certificates must carry
	 * @return new options
	 */
	public TlsOptions withAuthority(String serverName) {
		return new TlsOptions(this.trustCertificates, this.trustManagerFactory, this.clientCertificate, this.clientKey,
				this.keyManagerFactory, Objects.requireNonNull(serverName, "serverName"));
	}

	/**
	 * The PEM file of trusted CA certificates.
	 * @return the file, or {@code null}
	 */
	public @Nullable Path trustCertificatesFile() {
		return this.trustCertificates;
	}

	/**
	 * The trust manager factory.
	 * @return the factory, or {@code null}
	 */
	public @Nullable TrustManagerFactory trustManagerFactory() {
		return this.trustManagerFactory;
	}

	/**
	 * The client certificate chain file.
	 * @return the file, or {@code null}
	 */
	public @Nullable Path clientCertificateFile() {
		return this.clientCertificate;
	}

	/**
	 * The client private key file.
	 * @return the file, or {@code null}
	 */
	public @Nullable Path clientKeyFile() {
		return this.clientKey;
	}

	/**
	 * The key manager factory.
	 * @return the factory, or {@code null}
	 */
	public @Nullable KeyManagerFactory keyManagerFactory() {
		return this.keyManagerFactory;
	}

	/**
	 * The server name certificates are checked against, instead of each endpoint's host.
	 * @return the name, or {@code null}
	 */
	public @Nullable String authority() {
		return this.authority;
	}

	@Override
	public String toString() {
		return "TlsOptions[trust="
				+ ((this.trustCertificates != null) ? this.trustCertificates
						: (this.trustManagerFactory != null) ? "trust manager" : "JVM default")
				+ ", client certificate="
				+ ((this.clientCertificate != null) ? this.clientCertificate
						: (this.keyManagerFactory != null) ? "key manager" : "none")
				+ ((this.authority != null) ? ", authority=" + this.authority : "") + "]";
	}

}
