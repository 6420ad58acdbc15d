package dev.etcdspring.boot.autoconfigure;

import dev.etcdspring.annotation.EnableEtcdWatch;
import dev.etcdspring.annotation.EtcdWatchConfiguration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Configuration;

/**
 * Turns on {@code @EtcdWatch} listeners, unless the application did with
 * {@link EnableEtcdWatch}. Listeners read values with the auto-configured value converter
 * (JSON with Jackson) and watch with the auto-configured client; an
 * {@code EtcdWatchErrorHandler} bean becomes their default error handler.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(EnableEtcdWatch.class)
class EtcdAnnotationDrivenConfiguration {

	@Configuration(proxyBeanMethods = false)
	@EnableEtcdWatch
	@ConditionalOnMissingBean(name = EtcdWatchConfiguration.PROCESSOR_BEAN_NAME)
	static class EnableEtcdWatchConfiguration {

	}

}
