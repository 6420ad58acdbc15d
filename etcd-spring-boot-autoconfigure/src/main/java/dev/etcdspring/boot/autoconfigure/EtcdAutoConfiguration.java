package dev.etcdspring.boot.autoconfigure;

import dev.etcdspring.client.EtcdClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the etcd client and, with the {@code etcd-spring} library, of
 * {@code EtcdTemplate} and {@code @EtcdWatch} listeners.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration" })
@ConditionalOnClass(EtcdClient.class)
@EnableConfigurationProperties(EtcdProperties.class)
@Import({ EtcdClientConfiguration.class, EtcdValueConverterConfigurations.Json.class,
		EtcdValueConverterConfigurations.Plain.class, EtcdTemplateConfiguration.class,
		EtcdAnnotationDrivenConfiguration.class })
public final class EtcdAutoConfiguration {

}
