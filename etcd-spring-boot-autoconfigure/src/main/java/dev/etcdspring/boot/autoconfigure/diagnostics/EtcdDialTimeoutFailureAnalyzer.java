package dev.etcdspring.boot.autoconfigure.diagnostics;

import dev.etcdspring.client.error.DialTimeoutException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/** No etcd member was reachable within the dial timeout. */
class EtcdDialTimeoutFailureAnalyzer extends AbstractFailureAnalyzer<DialTimeoutException> {

	private final Environment environment;

	EtcdDialTimeoutFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DialTimeoutException cause) {
		return new FailureAnalysis("The etcd client could not connect: " + cause.getMessage(),
				"Check that etcd runs and is reachable at etcd.endpoints="
						+ EtcdFailureAnalyzers.endpoints(this.environment) + ". If it is slow to accept connections, "
						+ "raise etcd.dial-timeout (now "
						+ EtcdFailureAnalyzers.property(this.environment, "etcd.dial-timeout", "5s, the default")
						+ ").",
				cause);
	}

}
