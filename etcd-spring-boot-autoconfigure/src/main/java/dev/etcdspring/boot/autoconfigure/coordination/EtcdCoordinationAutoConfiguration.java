package dev.etcdspring.boot.autoconfigure.coordination;

import dev.etcdspring.boot.autoconfigure.EtcdAutoConfiguration;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.coordination.EtcdLeaderInitiator;
import dev.etcdspring.coordination.EtcdLockRegistry;
import dev.etcdspring.coordination.EtcdMetadataStore;
import dev.etcdspring.core.EtcdTemplate;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.integration.context.IntegrationContextUtils;
import org.springframework.integration.metadata.MetadataStore;
import org.springframework.integration.support.locks.LockRegistry;

/**
 * Auto-configuration of coordination over etcd, with the {@code etcd-spring} library:
 * with Spring Integration, an {@link EtcdLockRegistry} (unless the application has a
 * {@link LockRegistry}) and an {@link EtcdMetadataStore} as Spring Integration's
 * {@code metadataStore} (unless the application has a {@link MetadataStore}); with
 * {@code etcd.leader.enabled}, an {@link EtcdLeaderInitiator}, with or without Spring
 * Integration.
 */
@AutoConfiguration(after = EtcdAutoConfiguration.class)
@ConditionalOnClass({ EtcdClient.class, EtcdLeaderInitiator.class })
@EnableConfigurationProperties(EtcdCoordinationProperties.class)
@Import({ EtcdCoordinationAutoConfiguration.IntegrationConfiguration.class,
		EtcdCoordinationAutoConfiguration.LeaderConfiguration.class })
public final class EtcdCoordinationAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(LockRegistry.class)
	static class IntegrationConfiguration {

		@Bean
		@ConditionalOnMissingBean(LockRegistry.class)
		@ConditionalOnSingleCandidate(EtcdClient.class)
		EtcdLockRegistry etcdLockRegistry(EtcdClient etcdClient, EtcdCoordinationProperties properties) {
			EtcdLockRegistry registry = new EtcdLockRegistry(etcdClient, properties.getLock().getPrefix());
			registry.setSessionTtl(properties.getLock().getSessionTtl());
			return registry;
		}

		@Bean(IntegrationContextUtils.METADATA_STORE_BEAN_NAME)
		@ConditionalOnMissingBean(MetadataStore.class)
		@ConditionalOnSingleCandidate(EtcdTemplate.class)
		EtcdMetadataStore etcdMetadataStore(EtcdTemplate etcdTemplate, EtcdCoordinationProperties properties) {
			return new EtcdMetadataStore(etcdTemplate, properties.getMetadataStore().getPrefix());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("etcd.leader.enabled")
	static class LeaderConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnSingleCandidate(EtcdClient.class)
		EtcdLeaderInitiator etcdLeaderInitiator(EtcdClient etcdClient, EtcdCoordinationProperties properties) {
			EtcdCoordinationProperties.Leader leader = properties.getLeader();
			EtcdLeaderInitiator initiator = new EtcdLeaderInitiator(etcdClient, leader.getRole());
			PropertyMapper map = PropertyMapper.get();
			map.from(leader::getPrefix).to(initiator::setPrefix);
			map.from(leader::getCandidateId).to(initiator::setCandidateId);
			map.from(leader::getSessionTtl).to(initiator::setSessionTtl);
			return initiator;
		}

	}

}
