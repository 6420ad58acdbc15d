package dev.etcdspring.boot.autoconfigure.health;

import dev.etcdspring.boot.autoconfigure.EtcdAutoConfiguration;
import dev.etcdspring.boot.health.EtcdHealthIndicator;
import dev.etcdspring.client.EtcdClient;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.CompositeHealthContributorConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@link EtcdHealthIndicator}, on with
 * {@code management.health.etcd.enabled} (true by default): one indicator for one
 * {@link EtcdClient} bean, a composite of one per client (by bean name) for several.
 */
@AutoConfiguration(after = EtcdAutoConfiguration.class)
@ConditionalOnClass({ EtcdClient.class, HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(EtcdClient.class)
@ConditionalOnEnabledHealthIndicator("etcd")
public final class EtcdHealthContributorAutoConfiguration
		extends CompositeHealthContributorConfiguration<EtcdHealthIndicator, EtcdClient> {

	EtcdHealthContributorAutoConfiguration() {
		super(EtcdHealthIndicator::new);
	}

	@Bean
	@ConditionalOnMissingBean(name = { "etcdHealthIndicator", "etcdHealthContributor" })
	HealthContributor etcdHealthContributor(ConfigurableListableBeanFactory beanFactory) {
		return createContributor(beanFactory, EtcdClient.class);
	}

}
