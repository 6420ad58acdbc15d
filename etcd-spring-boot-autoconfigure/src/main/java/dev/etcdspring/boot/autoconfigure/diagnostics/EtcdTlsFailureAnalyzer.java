package dev.etcdspring.boot.autoconfigure.diagnostics;

import dev.etcdspring.client.error.TlsException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/** The TLS handshake with etcd failed. */
class EtcdTlsFailureAnalyzer extends AbstractFailureAnalyzer<TlsException> {

	private final Environment environment;

	EtcdTlsFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, TlsException cause) {
		return new FailureAnalysis("TLS with etcd failed: " + cause.getMessage(),
				"Check etcd.ssl.bundle (now "
						+ EtcdFailureAnalyzers.property(this.environment, "etcd.ssl.bundle",
								"not set, so the JVM's default trust store is used")
						+ "): its trust material must include the CA of the etcd members' certificates, and it needs a "
						+ "key when the members require client certificates. Check that etcd.endpoints ("
						+ EtcdFailureAnalyzers.endpoints(this.environment) + ") use https:// exactly when the members "
						+ "serve TLS.",
				cause);
	}

}
