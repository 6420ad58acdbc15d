package dev.etcdspring.boot.config;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindingPostProcessor;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Rebinds the {@link EtcdRefreshable} {@code @ConfigurationProperties} beans: binds a
 * fresh instance through Spring Boot's own binding post-processor (conversion,
 * validation, bind handlers), then copies it into the bean, descending into nested
 * objects that have no setter. The beans are checked when the refresher is created, so a
 * bean that cannot be rebound fails start-up.
 */
final class RefreshablePropertiesRebinder implements EtcdConfigRefresher {

	private static final Log logger = LogFactory.getLog(RefreshablePropertiesRebinder.class);

	private static final int MAX_DEPTH = 8;

	private final ConfigurableApplicationContext context;

	private final List<String> beanNames = new ArrayList<>();

	RefreshablePropertiesRebinder(ConfigurableApplicationContext context) {
		this.context = context;
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		for (String name : beanFactory.getBeanNamesForAnnotation(EtcdRefreshable.class)) {
			String problem = problem(beanFactory, name);
			if (problem != null) {
				throw new IllegalStateException(
						"The @EtcdRefreshable bean '" + name + "' cannot be rebound: " + problem);
			}
			this.beanNames.add(name);
		}
	}

	private @Nullable String problem(ConfigurableListableBeanFactory beanFactory, String name) {
		if (!beanFactory.containsBeanDefinition(name) || !beanFactory.getBeanDefinition(name).isSingleton()) {
			return "it is not a singleton";
		}
		Object bean = beanFactory.getBean(name);
		if (AopUtils.isAopProxy(bean)) {
			return "it is a proxy";
		}
		ConfigurationPropertiesBean properties = ConfigurationPropertiesBean.get(this.context, bean, name);
		if (properties == null) {
			return "it is not a @ConfigurationProperties bean";
		}
		if (properties.asBindTarget().getBindMethod() == BindMethod.VALUE_OBJECT) {
			return "it is bound through its constructor; give it setters and a no-argument constructor, or use "
					+ "@RefreshScope with Spring Cloud";
		}
		if (Arrays.stream(bean.getClass().getDeclaredConstructors()).noneMatch((c) -> c.getParameterCount() == 0)) {
			return "it has no no-argument constructor";
		}
		return null;
	}

	@Override
	public void refresh(Set<String> changedProperties) {
		if (this.beanNames.isEmpty()) {
			return;
		}
		BeanPostProcessor binder = this.context.getBean(ConfigurationPropertiesBindingPostProcessor.BEAN_NAME,
				BeanPostProcessor.class);
		for (String name : this.beanNames) {
			Object bean = this.context.getBean(name);
			Object fresh = BeanUtils.instantiateClass(bean.getClass());
			try {
				binder.postProcessBeforeInitialization(fresh, name);
			}
			catch (RuntimeException ex) {
				logger.error("The @EtcdRefreshable bean '" + name + "' keeps its values: the changed configuration "
						+ "does not bind (" + ex.getMessage() + ")", ex);
				continue;
			}
			copy(fresh, bean, 0);
		}
	}

	@SuppressWarnings("unchecked")
	private static void copy(Object source, Object target, int depth) {
		BeanWrapper from = new BeanWrapperImpl(source);
		BeanWrapper to = new BeanWrapperImpl(target);
		for (PropertyDescriptor descriptor : to.getPropertyDescriptors()) {
			String property = descriptor.getName();
			if (!from.isReadableProperty(property) || "class".equals(property)) {
				continue;
			}
			Object value = from.getPropertyValue(property);
			if (to.isWritableProperty(property)) {
				to.setPropertyValue(property, value);
				continue;
			}
			Object current = to.isReadableProperty(property) ? to.getPropertyValue(property) : null;
			if (current == null || value == null || current == value) {
				continue;
			}
			try {
				if (current instanceof Map<?, ?> map && value instanceof Map<?, ?> values) {
					map.clear();
					((Map<Object, Object>) map).putAll(values);
				}
				else if (current instanceof Collection<?> collection && value instanceof Collection<?> values) {
					collection.clear();
					((Collection<Object>) collection).addAll(values);
				}
				else if (depth < MAX_DEPTH && !BeanUtils.isSimpleProperty(current.getClass())
						&& !current.getClass().getName().startsWith("java.")) {
					copy(value, current, depth + 1);
				}
			}
			catch (UnsupportedOperationException ex) {
				logger
					.warn("Cannot rebind the read-only property '" + property + "' of " + target.getClass().getName());
			}
		}
	}

}
