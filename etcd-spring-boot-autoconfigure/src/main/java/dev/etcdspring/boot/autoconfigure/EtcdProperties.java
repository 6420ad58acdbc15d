package dev.etcdspring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for the etcd client.
 */
@ConfigurationProperties("etcd")
public class EtcdProperties {

	/**
	 * Client URLs of the cluster's members, all http:// or all https://.
	 */
	private List<String> endpoints = new ArrayList<>(List.of("http://localhost:2379"));

	/**
	 * How long start-up waits for a member to accept the connection.
	 */
	private Duration dialTimeout = Duration.ofSeconds(5);

	/**
	 * Deadline of each call, retries included.
	 */
	private Duration requestTimeout = Duration.ofSeconds(10);

	/**
	 * Login user of the etcd server.
	 */
	private @Nullable String username;

	/**
	 * Login password of the etcd server.
	 */
	private @Nullable String password;

	/**
	 * Key prefix applied to every key the client sends and removed from every key it
	 * receives.
	 */
	private @Nullable String namespace;

	/**
	 * Largest response the client accepts. Unlimited when not set.
	 */
	private @Nullable DataSize maxInboundMessageSize;

	/**
	 * How often to refresh the endpoints from the cluster's member list. Zero disables
	 * it.
	 */
	private Duration autoSyncInterval = Duration.ZERO;

	/**
	 * How long closing the client waits for each resource to shut down gracefully.
	 */
	private Duration closeTimeout = Duration.ofSeconds(5);

	private final KeepAlive keepAlive = new KeepAlive();

	private final Ssl ssl = new Ssl();

	public List<String> getEndpoints() {
		return this.endpoints;
	}

	public void setEndpoints(List<String> endpoints) {
		this.endpoints = endpoints;
	}

	public Duration getDialTimeout() {
		return this.dialTimeout;
	}

	public void setDialTimeout(Duration dialTimeout) {
		this.dialTimeout = dialTimeout;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(@Nullable String namespace) {
		this.namespace = namespace;
	}

	public @Nullable DataSize getMaxInboundMessageSize() {
		return this.maxInboundMessageSize;
	}

	public void setMaxInboundMessageSize(@Nullable DataSize maxInboundMessageSize) {
		this.maxInboundMessageSize = maxInboundMessageSize;
	}

	public Duration getAutoSyncInterval() {
		return this.autoSyncInterval;
	}

	public void setAutoSyncInterval(Duration autoSyncInterval) {
		this.autoSyncInterval = autoSyncInterval;
	}

	public Duration getCloseTimeout() {
		return this.closeTimeout;
	}

	public void setCloseTimeout(Duration closeTimeout) {
		this.closeTimeout = closeTimeout;
	}

	public KeepAlive getKeepAlive() {
		return this.keepAlive;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	/**
	 * HTTP/2 keepalive pings.
	 */
	public static class KeepAlive {

		/**
		 * How often to ping a connection that has calls or streams open. Zero disables
		 * the pings.
		 */
		private Duration time = Duration.ofSeconds(30);

		/**
		 * How long a ping may go unanswered before the connection counts as dead.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		public Duration getTime() {
			return this.time;
		}

		public void setTime(Duration time) {
			this.time = time;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * TLS settings.
	 */
	public static class Ssl {

		/**
		 * Whether to use TLS. Enabled automatically when a bundle is set or the endpoints
		 * are https://.
		 */
		private @Nullable Boolean enabled;

		/**
		 * SSL bundle name: trust for the members' certificates and, with a key, the
		 * client certificate.
		 */
		private @Nullable String bundle;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

}
