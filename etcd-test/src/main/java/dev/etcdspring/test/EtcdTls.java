package dev.etcdspring.test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * TLS settings for the client port of every member of an {@link EtcdCluster}: the server
 * certificate and key (PEM), and optionally a CA whose client certificates the server
 * requires.
 *
 * @param certFile the server certificate chain, PEM
 * @param keyFile the server private key, PEM
 * @param trustedCaFile the CA that signs client certificates, or {@code null}
 * @param clientCertAuth whether the server requires a client certificate
 */
public record EtcdTls(Path certFile, Path keyFile, @Nullable Path trustedCaFile, boolean clientCertAuth) {

	List<String> serverArguments() {
		List<String> args = new ArrayList<>(
				List.of("--cert-file", this.certFile.toString(), "--key-file", this.keyFile.toString()));
		if (this.trustedCaFile != null) {
			args.add("--trusted-ca-file");
			args.add(this.trustedCaFile.toString());
		}
		if (this.clientCertAuth) {
			args.add("--client-cert-auth");
		}
		return args;
	}

}
