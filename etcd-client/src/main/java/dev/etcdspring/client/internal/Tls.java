package dev.etcdspring.client.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import javax.net.ssl.SSLException;

import dev.etcdspring.client.TlsOptions;
import dev.etcdspring.client.error.TlsException;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import org.jspecify.annotations.Nullable;

/** Builds the client's TLS context and explains TLS failures. */
final class Tls {

	private Tls() {
	}

	static SslContext context(@Nullable TlsOptions options) {
		SslContextBuilder builder = GrpcSslContexts.forClient();
		if (options != null) {
			if (options.trustManagerFactory() != null) {
				builder.trustManager(options.trustManagerFactory());
			}
			else if (options.trustCertificatesFile() != null) {
				builder.trustManager(readable(options.trustCertificatesFile(), "trusted CA certificates"));
			}
			if (options.keyManagerFactory() != null) {
				builder.keyManager(options.keyManagerFactory());
			}
			else if (options.clientCertificateFile() != null && options.clientKeyFile() != null) {
				builder.keyManager(readable(options.clientCertificateFile(), "client certificate"),
						readable(options.clientKeyFile(), "client private key"));
			}
		}
		try {
			return builder.build();
		}
		catch (SSLException | IllegalArgumentException ex) {
			throw new TlsException("Cannot set up TLS with " + options + ": " + ex.getMessage(), ex);
		}
	}

	private static File readable(Path path, String what) {
		if (!Files.isReadable(path)) {
			throw new IllegalArgumentException("The " + what + " file " + path + " does not exist or cannot be read");
		}
		return path.toFile();
	}

	/**
	 * A TLS exception for a failed connection attempt, or {@code null} when the failure
	 * was not about TLS.
	 * @param status the load balancer's last connection error
	 * @param endpoints the endpoints, for the message
	 * @param secure whether the client uses TLS
	 * @return the exception, or {@code null}
	 */
	static @Nullable TlsException explain(Status status, String endpoints, boolean secure) {
		return explain(status, endpoints, secure, false);
	}

	/**
	 * Like {@link #explain(Status, String, boolean)}; at the dial deadline weaker
	 * evidence counts too (a plain-text connection reset during the handshake, which a
	 * restarting member can also cause).
	 * @param status the load balancer's last connection error
	 * @param endpoints the endpoints, for the message
	 * @param secure whether the client uses TLS
	 * @param atDeadline whether the dial timeout has passed
	 * @return the exception, or {@code null}
	 */
	static @Nullable TlsException explain(Status status, String endpoints, boolean secure, boolean atDeadline) {
		String description = String.valueOf(status.getDescription());
		StringBuilder text = new StringBuilder(description);
		boolean ssl = false;
		for (Throwable cause = status.getCause(); cause != null; cause = cause.getCause()) {
			text.append(" | ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
			ssl |= cause instanceof SSLException || cause.getClass().getSimpleName().equals("NotSslRecordException");
		}
		String all = text.toString().toLowerCase(Locale.ROOT);
		String prefix = "TLS with " + endpoints + " failed: ";
		if (!secure) {
			// a TLS server answers a plain-text HTTP/2 preface with "HTTP/1.x 400 …" or,
			// like etcd's Go
			// server, hangs up before the HTTP/2 handshake is done
			if ((all.contains("first received frame was not settings") && all.contains("485454502f"))
					|| description.equals("Network closed for unknown reason")
					|| (atDeadline && all.contains("connection reset by peer"))) {
				return new TlsException("The endpoints " + endpoints + " closed the connection during the HTTP/2 "
						+ "handshake or answered with HTTP/1: they probably serve TLS. Use https:// endpoints ["
						+ description + "]", status.getCause());
			}
			return null;
		}
		if (!ssl && !all.contains("ssl") && !all.contains("tls")) {
			return null;
		}
		String advice;
		if (all.contains("not an ssl/tls record") || all.contains("unexpected message")
				|| all.contains("remote host terminated the handshake") || all.contains("connection reset")
				|| all.contains("connection closed while performing tls negotiation")
				|| all.contains("connection closed while ssl/tls handshake")) {
			advice = "the endpoint does not seem to speak TLS; use http:// if it serves plain text";
		}
		else if (all.contains("no subject alternative") || all.contains("no name matching")
				|| (all.contains("hostname") && all.contains("verif"))) {
			advice = "the member's certificate does not name the host in the endpoint URL; use a host name the "
					+ "certificate names, or TlsOptions.withAuthority(name)";
		}
		else if (all.contains("pkix") || all.contains("certification path") || all.contains("certificate_unknown")
				|| all.contains("unable to find valid")) {
			advice = "the member's certificate is not trusted; check the CA given with TlsOptions.trustCertificates "
					+ "(or the trust manager)";
		}
		else if (all.contains("bad_certificate") || all.contains("certificate_required")
				|| all.contains("handshake_failure")) {
			advice = "the member requires a client certificate signed by a CA it trusts; give one with "
					+ "TlsOptions.withClientCertificate";
		}
		else {
			advice = "check the TLS settings on both sides";
		}
		return new TlsException(prefix + advice + " [" + text + "]", status.getCause());
	}

}
