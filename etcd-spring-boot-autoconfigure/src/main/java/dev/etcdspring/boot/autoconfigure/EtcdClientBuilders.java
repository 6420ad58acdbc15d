package dev.etcdspring.boot.autoconfigure;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundles;

/**
 * Client builders configured from {@link EtcdProperties} the way the auto-configured
 * client is, for code that runs before there is an application context: the import of
 * configuration from etcd ({@code spring.config.import=etcd:}), whose client becomes the
 * application's.
 */
public final class EtcdClientBuilders {

	private EtcdClientBuilders() {
	}

	/**
	 * A builder with the {@code etcd.*} properties applied: endpoints, timeouts,
	 * credentials, TLS from the named SSL bundle, namespace, keep-alive, auto-sync.
	 * @param properties the properties
	 * @param sslBundles the SSL bundles, or {@code null} when none are configured
	 * @return a new builder
	 */
	public static EtcdClientBuilder fromProperties(EtcdProperties properties, @Nullable SslBundles sslBundles) {
		EtcdClientBuilder builder = EtcdClient.builder();
		new EtcdClientConfiguration.PropertiesCustomizer(properties,
				new PropertiesEtcdConnectionDetails(properties, sslBundles))
			.customize(builder);
		return builder;
	}

}
