package dev.etcdspring.boot.autoconfigure.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the observations of etcd calls.
 */
@ConfigurationProperties("management.observations.etcd")
public class EtcdObservationProperties {

	/**
	 * Whether to make every etcd call an observation (a span in traces).
	 */
	private boolean enabled = true;

	/**
	 * Whether observations carry the request's key as the high-cardinality 'etcd.key'. Keys can be
	 * sensitive.
	 */
	private boolean includeKey;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isIncludeKey() {
		return this.includeKey;
	}

	public void setIncludeKey(boolean includeKey) {
		this.includeKey = includeKey;
	}

}
