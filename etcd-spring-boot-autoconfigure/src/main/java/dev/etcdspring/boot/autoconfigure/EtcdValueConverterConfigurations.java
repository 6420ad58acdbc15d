package dev.etcdspring.boot.autoconfigure;

import dev.etcdspring.core.convert.DefaultEtcdValueConverter;
import dev.etcdspring.core.convert.EtcdValueConverter;
import dev.etcdspring.core.convert.JacksonEtcdValueConverter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The value converter variants of the {@code etcd-spring} library, imported in order:
 * JSON with Jackson when it is on the class path, else text and bytes only. Kept out of
 * {@link EtcdAutoConfiguration} so that the import order, not the order of nested
 * classes, decides.
 */
abstract class EtcdValueConverterConfigurations {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ EtcdValueConverter.class, JsonMapper.class })
	static class Json {

		@Bean
		@ConditionalOnMissingBean(EtcdValueConverter.class)
		JacksonEtcdValueConverter etcdValueConverter(ObjectProvider<JsonMapper> jsonMapper) {
			return new JacksonEtcdValueConverter(ApplicationConversionService.getSharedInstance(),
					jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(EtcdValueConverter.class)
	static class Plain {

		@Bean
		@ConditionalOnMissingBean(EtcdValueConverter.class)
		DefaultEtcdValueConverter etcdValueConverter() {
			return new DefaultEtcdValueConverter(ApplicationConversionService.getSharedInstance());
		}

	}

}
