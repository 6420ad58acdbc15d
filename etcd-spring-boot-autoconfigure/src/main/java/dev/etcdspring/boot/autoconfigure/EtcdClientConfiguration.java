package dev.etcdspring.boot.autoconfigure;

import dev.etcdspring.boot.config.EtcdConfigDataClient;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientBuilder;
import dev.etcdspring.client.TlsOptions;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The client and where it connects. Imported first by {@link EtcdAutoConfiguration}, so
 * that the library's beans, which are conditional on a single client, see it.
 */
@Configuration(proxyBeanMethods = false)
class EtcdClientConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EtcdConnectionDetails etcdConnectionDetails(EtcdProperties properties, ObjectProvider<SslBundles> sslBundles) {
		return new PropertiesEtcdConnectionDetails(properties, sslBundles.getIfAvailable());
	}

	@Bean
	EtcdClientBuilderCustomizer etcdPropertiesCustomizer(EtcdProperties properties,
			EtcdConnectionDetails connectionDetails) {
		return new PropertiesCustomizer(properties, connectionDetails);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EtcdClient etcdClient(ObjectProvider<EtcdClientBuilderCustomizer> customizers,
			ObjectProvider<EtcdConfigDataClient> configDataClient) {
		// spring.config.import=etcd: connected at start-up: its client is this one (one
		// connection, not two)
		EtcdConfigDataClient imported = configDataClient.getIfAvailable();
		if (imported != null) {
			return imported.getClient();
		}
		EtcdClientBuilder builder = EtcdClient.builder();
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	/**
	 * Maps properties and connection details onto the builder, before any user
	 * customizer.
	 */
	static final class PropertiesCustomizer implements EtcdClientBuilderCustomizer, Ordered {

		private final EtcdProperties properties;

		private final EtcdConnectionDetails connectionDetails;

		PropertiesCustomizer(EtcdProperties properties, EtcdConnectionDetails connectionDetails) {
			this.properties = properties;
			this.connectionDetails = connectionDetails;
		}

		@Override
		public void customize(EtcdClientBuilder builder) {
			builder.endpoints(this.connectionDetails.getEndpoints())
				.dialTimeout(this.properties.getDialTimeout())
				.requestTimeout(this.properties.getRequestTimeout())
				.keepAliveTime(this.properties.getKeepAlive().getTime())
				.keepAliveTimeout(this.properties.getKeepAlive().getTimeout())
				.autoSyncInterval(this.properties.getAutoSyncInterval())
				.closeTimeout(this.properties.getCloseTimeout());
			if (this.properties.getMaxInboundMessageSize() != null) {
				builder.maxInboundMessageSize(
						(int) Math.min(Integer.MAX_VALUE, this.properties.getMaxInboundMessageSize().toBytes()));
			}
			if (this.properties.getNamespace() != null) {
				builder.namespace(this.properties.getNamespace());
			}
			String username = this.connectionDetails.getUsername();
			String password = this.connectionDetails.getPassword();
			// passed as given: a user name without a password (or the reverse) fails at
			// build() with a
			// message that names the mistake
			if (username != null) {
				builder.username(username);
			}
			if (password != null) {
				builder.password(password);
			}
			SslBundle bundle = this.connectionDetails.getSslBundle();
			if (bundle != null) {
				builder.tls(tls(bundle));
			}
		}

		static TlsOptions tls(SslBundle bundle) {
			TlsOptions tls = TlsOptions.trustManager(bundle.getManagers().getTrustManagerFactory());
			if (bundle.getStores().getKeyStore() != null) {
				tls = tls.withKeyManager(bundle.getManagers().getKeyManagerFactory());
			}
			return tls;
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

}
