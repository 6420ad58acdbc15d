package dev.etcdspring.boot.autoconfigure;

import java.util.List;
import java.util.Locale;

import dev.etcdspring.client.error.InvalidEndpointException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * {@link EtcdConnectionDetails} from {@link EtcdProperties}. With TLS on
 * ({@code etcd.ssl.enabled} or a bundle), endpoints without a scheme mean
 * {@code https://}.
 */
class PropertiesEtcdConnectionDetails implements EtcdConnectionDetails {

	private final EtcdProperties properties;

	private final @Nullable SslBundles sslBundles;

	PropertiesEtcdConnectionDetails(EtcdProperties properties, @Nullable SslBundles sslBundles) {
		this.properties = properties;
		this.sslBundles = sslBundles;
	}

	@Override
	public List<String> getEndpoints() {
		boolean tls = tlsEnabled();
		return this.properties.getEndpoints().stream().map((endpoint) -> {
			if (tls && endpoint.strip().toLowerCase(Locale.ROOT).startsWith("http://")) {
				throw new InvalidEndpointException(endpoint, "etcd.ssl is enabled but the endpoint '" + endpoint
						+ "' is plain text: use https:// endpoints (or host:port) with TLS");
			}
			return (tls && !endpoint.contains("://")) ? "https://" + endpoint.strip() : endpoint;
		}).toList();
	}

	private boolean tlsEnabled() {
		Boolean enabled = this.properties.getSsl().getEnabled();
		return (enabled != null) ? enabled : this.properties.getSsl().getBundle() != null;
	}

	@Override
	public @Nullable String getUsername() {
		return this.properties.getUsername();
	}

	@Override
	public @Nullable String getPassword() {
		return this.properties.getPassword();
	}

	@Override
	public @Nullable SslBundle getSslBundle() {
		String name = this.properties.getSsl().getBundle();
		if (name == null || !tlsEnabled()) {
			return null;
		}
		if (this.sslBundles == null) {
			throw new NoSuchSslBundleException(name,
					"etcd.ssl.bundle names SSL bundle '" + name + "' but no SSL bundles are configured");
		}
		return this.sslBundles.getBundle(name);
	}

}
