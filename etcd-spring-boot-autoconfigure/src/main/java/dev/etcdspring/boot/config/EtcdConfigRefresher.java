package dev.etcdspring.boot.config;

import java.util.Set;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/** Brings beans up to date after the imported properties changed. */
interface EtcdConfigRefresher {

	/**
	 * Spring Cloud's rebinder: when it is on the class path and a bean of the context, it
	 * does the refresh.
	 */
	String SPRING_CLOUD_REBINDER = "org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder";

	/**
	 * Refreshes after a change.
	 * @param changedProperties the names of the changed properties
	 */
	void refresh(Set<String> changedProperties);

	/**
	 * Spring Cloud's refresh when its rebinder is a bean of the context, else the
	 * rebinding of {@link EtcdRefreshable} beans.
	 * @param context the application context
	 * @return the refresher
	 */
	static EtcdConfigRefresher of(ConfigurableApplicationContext context) {
		if (ClassUtils.isPresent(SPRING_CLOUD_REBINDER, context.getClassLoader())
				&& SpringCloudRefresher.applies(context)) {
			return new SpringCloudRefresher(context);
		}
		return new RefreshablePropertiesRebinder(context);
	}

}
