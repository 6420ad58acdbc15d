package dev.etcdspring.boot.autoconfigure.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the meters of etcd clients.
 */
@ConfigurationProperties("management.metrics.etcd")
public class EtcdMetricsProperties {

	/**
	 * Whether to record meters of the etcd client (calls, streams, watches, leases,
	 * connections, callback pool) and of @EtcdWatch listeners.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
