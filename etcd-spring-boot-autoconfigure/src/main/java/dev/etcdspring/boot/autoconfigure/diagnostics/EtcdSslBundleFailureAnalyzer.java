package dev.etcdspring.boot.autoconfigure.diagnostics;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.core.env.Environment;

/** {@code etcd.ssl.bundle} names an SSL bundle that is not configured. */
class EtcdSslBundleFailureAnalyzer extends AbstractFailureAnalyzer<NoSuchSslBundleException> {

	private final Environment environment;

	EtcdSslBundleFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, NoSuchSslBundleException cause) {
		String bundle = this.environment.getProperty("etcd.ssl.bundle");
		if (bundle == null || !bundle.equals(cause.getBundleName())) {
			return null;
		}
		return new FailureAnalysis("etcd.ssl.bundle names the SSL bundle '" + bundle + "', which is not configured.",
				"Define the bundle under spring.ssl.bundle.pem." + bundle + " (PEM files) or spring.ssl.bundle.jks."
						+ bundle + " (key stores), or set etcd.ssl.bundle to the name of a bundle that exists.",
				cause);
	}

}
