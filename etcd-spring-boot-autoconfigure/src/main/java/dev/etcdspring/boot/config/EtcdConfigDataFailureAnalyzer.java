package dev.etcdspring.boot.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Configuration could not be imported from etcd: names the location, the key or the
 * endpoints, and what to change. Ordered before the client's analyzers, which would not
 * name the location.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class EtcdConfigDataFailureAnalyzer extends AbstractFailureAnalyzer<EtcdConfigDataException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, EtcdConfigDataException cause) {
		String location = cause.getLocation();
		String action = switch (cause.getReason()) {
			case INVALID_LOCATION -> "Import etcd key prefixes, such as spring.config.import=etcd:/config/ (or "
					+ "etcd:/config/;/shared/ for two), and set where etcd runs with etcd.endpoints.";
			case UNAVAILABLE -> "Check that etcd runs and is reachable at etcd.endpoints=" + cause.getEndpoints()
					+ " (and etcd.username, etcd.password and etcd.ssl.* if it needs them; the password is not shown). "
					+ "If the application may start without this configuration, import it as 'optional:"
					+ location.replaceFirst("^optional:", "") + "'.";
			case INVALID_DOCUMENT -> "Fix the value of the etcd key '" + cause.getKey()
					+ "': a key whose name ends with .yml, .yaml or .properties is parsed as such a document. Rename "
					+ "the key if it is meant to be a single property.";
		};
		return new FailureAnalysis(cause.getMessage(), action, cause);
	}

}
