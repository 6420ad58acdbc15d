package dev.etcdspring.boot.autoconfigure;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.core.EtcdExceptionTranslator;
import dev.etcdspring.core.EtcdTemplate;
import dev.etcdspring.core.convert.EtcdValueConverter;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link EtcdTemplate}, whose timeout is the client's request timeout, and the
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
			EtcdExceptionTranslator etcdExceptionTranslator, EtcdProperties properties) {
		EtcdTemplate template = new EtcdTemplate(etcdClient, etcdValueConverter, etcdExceptionTranslator);
		template.setTimeout(properties.getRequestTimeout());
		return template;
	}

}
