package dev.etcdspring.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.etcdspring.client.internal.ClientConfig;
import dev.etcdspring.client.internal.Endpoint;

/**
 * What a client would be built with: the validated settings of an
 * {@link EtcdClientBuilder} ({@link EtcdClientBuilder#settings()}), for diagnostics and
 * tests. Immutable; never shows the password.
 */
public final class EtcdClientSettings {

	private final ClientConfig config;

	EtcdClientSettings(ClientConfig config) {
		this.config = config;
	}

	/**
	 * The endpoint URLs, as given.
	 * @return the URLs
	 */
	public List<String> endpoints() {
		return this.config.endpoints().stream().map(Endpoint::url).toList();
	}

	/**
	 * Whether the endpoints use TLS.
	 * @return whether they are {@code https://}
	 */
	public boolean secure() {
		return this.config.endpoints().get(0).secure();
	}

	/**
	 * How long {@code build()} waits for a member.
	 * @return the dial timeout
	 */
	public Duration dialTimeout() {
		return this.config.dialTimeout();
	}

	/**
	 * The deadline of each unary call.
	 * @return the request timeout
	 */
	public Duration requestTimeout() {
		return this.config.requestTimeout();
	}

	/**
	 * The interval of HTTP/2 keepalive pings; zero when they are off.
	 * @return the keepalive time
	 */
	public Duration keepAliveTime() {
		return this.config.keepAliveTime();
	}

	/**
	 * How long a ping may go unanswered.
	 * @return the keepalive timeout
	 */
	public Duration keepAliveTimeout() {
		return this.config.keepAliveTimeout();
	}

	/**
	 * The largest response accepted.
	 * @return the size in bytes
	 */
	public int maxInboundMessageSize() {
		return this.config.maxInboundMessageSize();
	}

	/**
	 * The key prefix applied to every key.
	 * @return the namespace, empty for none
	 */
	public ByteSequence namespace() {
		return this.config.namespace();
	}

	/**
	 * How long closing waits for each resource.
	 * @return the close timeout
	 */
	public Duration closeTimeout() {
		return this.config.closeTimeout();
	}

	/**
	 * The etcd user.
	 * @return the user name, empty without authentication
	 */
	public Optional<String> username() {
		return Optional.ofNullable(this.config.username());
	}

	/**
	 * Whether a password is set (it is never shown).
	 * @return whether there is a password
	 */
	public boolean hasPassword() {
		return this.config.password() != null;
	}

	/**
	 * The TLS settings.
	 * @return the settings, empty for the JVM's defaults or plain text
	 */
	public Optional<TlsOptions> tls() {
		return Optional.ofNullable(this.config.tls());
	}

	/**
	 * How often the endpoints are refreshed from the member list.
	 * @return the interval, zero for never
	 */
	public Duration autoSyncInterval() {
		return this.config.autoSyncInterval();
	}

	/**
	 * Whether callbacks run on an executor the application gave.
	 * @return whether an executor was set
	 */
	public boolean hasExecutor() {
		return this.config.executor() != null;
	}

	/**
	 * How many event listeners are registered.
	 * @return the number of listeners
	 */
	public int listenerCount() {
		return this.config.listeners().size();
	}

	/**
	 * How many gRPC interceptors are set.
	 * @return the number of interceptors
	 */
	public int interceptorCount() {
		return this.config.interceptors().interceptors().size();
	}

	@Override
	public String toString() {
		return "EtcdClientSettings[endpoints=" + endpoints() + ", dialTimeout=" + dialTimeout() + ", requestTimeout="
				+ requestTimeout() + ", namespace=" + namespace() + ", username=" + username().orElse(null)
				+ ", password=" + (hasPassword() ? "******" : "none") + "]";
	}

}
