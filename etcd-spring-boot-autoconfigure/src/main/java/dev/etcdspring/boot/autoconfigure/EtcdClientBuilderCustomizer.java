package dev.etcdspring.boot.autoconfigure;

import dev.etcdspring.client.EtcdClientBuilder;

/**
 * Tunes the builder of the auto-configured {@code EtcdClient}. Beans of this type are
 * applied in order after the {@code etcd.*} properties and connection details, so they
 * can override them.
 */
@FunctionalInterface
public interface EtcdClientBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder
	 */
	void customize(EtcdClientBuilder builder);

}
