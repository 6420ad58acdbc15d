package dev.etcdspring.boot.autoconfigure.diagnostics;

import dev.etcdspring.client.error.AuthFailedException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/** The etcd user name or password was rejected. */
class EtcdAuthenticationFailureAnalyzer extends AbstractFailureAnalyzer<AuthFailedException> {

	private final Environment environment;

	EtcdAuthenticationFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, AuthFailedException cause) {
		String user = EtcdFailureAnalyzers.property(this.environment, "etcd.username", "(not set)");
		return new FailureAnalysis("etcd rejected the credentials of user '" + user + "'.",
				"Check etcd.username and etcd.password (the password is not shown), and that the user exists on the "
						+ "cluster at etcd.endpoints=" + EtcdFailureAnalyzers.endpoints(this.environment) + ".",
				cause);
	}

}
