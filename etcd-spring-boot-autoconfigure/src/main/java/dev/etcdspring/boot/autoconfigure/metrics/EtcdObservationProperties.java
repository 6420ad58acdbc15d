package dev.etcdspring.boot.autoconfigure.metrics;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the observations of etcd calls.
 */
@ConfigurationProperties("management.observations.etcd")
public class EtcdObservationProperties {

	/**
	 * Whether to make every etcd call and template operation an observation (a span in
	 * traces). By default, only when Micrometer Tracing is configured.
	 */
	private @Nullable Boolean enabled;

	/**
	 * Whether observations carry the request's key as the high-cardinality 'etcd.key'.
	 * Keys can be sensitive.
	 */
	private boolean includeKey;

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isIncludeKey() {
		return this.includeKey;
	}

	public void setIncludeKey(boolean includeKey) {
		this.includeKey = includeKey;
	}

}
