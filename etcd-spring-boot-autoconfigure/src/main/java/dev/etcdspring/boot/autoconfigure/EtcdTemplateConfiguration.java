package dev.etcdspring.boot.autoconfigure;

import dev.etcdspring.boot.autoconfigure.metrics.EtcdObservations;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.core.EtcdExceptionTranslator;
import dev.etcdspring.core.EtcdTemplate;
import dev.etcdspring.core.convert.EtcdValueConverter;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@link EtcdTemplate}, whose timeout is the client's request timeout and whose methods
 * are observed with the application's {@link ObservationRegistry} (unless
 * {@code management.observations.etcd.enabled} is false), and the
 * {@link EtcdExceptionTranslator}, which also translates for {@code @Repository} beans.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(EtcdTemplate.class)
class EtcdTemplateConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EtcdExceptionTranslator etcdExceptionTranslator() {
		return new EtcdExceptionTranslator();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnSingleCandidate(EtcdClient.class)
	EtcdTemplate etcdTemplate(EtcdClient etcdClient, EtcdValueConverter etcdValueConverter,
			EtcdExceptionTranslator etcdExceptionTranslator, EtcdProperties properties,
			ObjectProvider<ObservationRegistry> observationRegistry, Environment environment,
			ListableBeanFactory beanFactory) {
		EtcdTemplate template = new EtcdTemplate(etcdClient, etcdValueConverter, etcdExceptionTranslator);
		template.setTimeout(properties.getRequestTimeout());
		if (EtcdObservations.enabled(environment, beanFactory)) {
			observationRegistry.ifUnique(template::setObservationRegistry);
		}
		return template;
	}

}
