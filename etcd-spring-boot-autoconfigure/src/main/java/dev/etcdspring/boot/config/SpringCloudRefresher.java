package dev.etcdspring.boot.config;

import java.util.Set;

import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Spring Cloud's refresh, without its re-import of every configuration source (the etcd
 * property sources are up to date already): an {@link EnvironmentChangeEvent} with the
 * changed names, on which Spring Cloud rebinds the {@code @ConfigurationProperties} beans
 * and logging levels, then {@link RefreshScope#refreshAll()}, which recreates
 * {@code @RefreshScope} beans on their next use.
 */
final class SpringCloudRefresher implements EtcdConfigRefresher {

	private final ConfigurableApplicationContext context;

	SpringCloudRefresher(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static boolean applies(ConfigurableApplicationContext context) {
		return context.getBeanNamesForType(ConfigurationPropertiesRebinder.class, false, false).length > 0;
	}

	@Override
	public void refresh(Set<String> changedProperties) {
		this.context.publishEvent(new EnvironmentChangeEvent(this.context, changedProperties));
		this.context.getBeanProvider(RefreshScope.class).ifAvailable(RefreshScope::refreshAll);
	}

}
