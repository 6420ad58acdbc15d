package dev.etcdspring.annotation;

import dev.etcdspring.client.KeyRange;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Resolves the String attributes of {@link EtcdWatch}: {@code ${…}} placeholders first,
 * then {@code #{…}} SpEL expressions, then the attribute's own checks. Every failure
 * names the method and the attribute. Thread-safe.
 */
final class WatchAttributes {

	private final ConfigurableListableBeanFactory beanFactory;

	private final BeanExpressionContext expressionContext;

	WatchAttributes(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
		this.expressionContext = new BeanExpressionContext(beanFactory, null);
	}

	KeyRange range(EtcdWatch annotation, String description) {
		String key = string(annotation.key(), "key", description);
		String rangeEnd = string(annotation.rangeEnd(), "rangeEnd", description);
		if (!rangeEnd.isEmpty()) {
			if (annotation.prefix()) {
				throw new BeanInitializationException(description + " sets both prefix and rangeEnd: a prefix is a "
						+ "range of its own; keep one of them");
			}
			return KeyRange.range(key, rangeEnd);
		}
		if (annotation.prefix()) {
			return KeyRange.prefix(key);
		}
		if (key.isEmpty()) {
			throw new BeanInitializationException(
					description + " has no key: set key (for all keys: key = \"\", " + "prefix = true)");
		}
		return KeyRange.key(key);
	}

	long startRevision(EtcdWatch annotation, String description) {
		Object value = resolve(annotation.startRevision());
		if (value == null || (value instanceof String text && text.isBlank())) {
			return 0;
		}
		try {
			long revision = (value instanceof Number number) ? number.longValue()
					: Long.parseLong(value.toString().trim());
			if (revision >= 0) {
				return revision;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new BeanInitializationException(description + ": startRevision '" + annotation.startRevision()
				+ "' resolved to '" + value + "', which is not a revision (a whole number, 0 or more)");
	}

	boolean autoStartup(EtcdWatch annotation, String description) {
		Object value = resolve(annotation.autoStartup());
		if (value == null || (value instanceof String text && text.isBlank())) {
			return true;
		}
		if (value instanceof Boolean flag) {
			return flag;
		}
		String text = value.toString().trim();
		if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
			return Boolean.parseBoolean(text);
		}
		throw new BeanInitializationException(description + ": autoStartup '" + annotation.autoStartup()
				+ "' resolved to '" + value + "'; use true or false");
	}

	/**
	 * A bean name attribute.
	 * @return the name, or {@code null} when the attribute is empty
	 */
	@Nullable String beanName(String attribute, String name, String description) {
		String resolved = string(attribute, name, description);
		return resolved.isEmpty() ? null : resolved;
	}

	<T> T bean(String beanName, Class<T> type, String attribute, String description) {
		try {
			return this.beanFactory.getBean(beanName, type);
		}
		catch (BeansException ex) {
			throw new BeanInitializationException(description + ": " + attribute + " names the bean '" + beanName
					+ "', but there is no " + type.getSimpleName() + " bean of that name (" + ex.getMessage() + ")",
					ex);
		}
	}

	/**
	 * A String attribute, resolved; what an expression yields becomes text.
	 * @return the resolved text
	 * @throws BeanInitializationException when a placeholder cannot be resolved
	 */
	String string(String attribute, String name, String description) {
		Object value = resolve(attribute);
		String text = (value != null) ? value.toString() : "";
		if (text.contains("${")) {
			throw new BeanInitializationException(description + ": " + name + " '" + attribute + "' has a "
					+ "placeholder that no property defines (resolved to '" + text + "'); define the property or "
					+ "give a default with ${name:default}");
		}
		return text;
	}

	private @Nullable Object resolve(String value) {
		if (value.isEmpty()) {
			return value;
		}
		String resolved = this.beanFactory.resolveEmbeddedValue(value);
		BeanExpressionResolver resolver = this.beanFactory.getBeanExpressionResolver();
		if (resolved == null || resolver == null) {
			return resolved;
		}
		return resolver.evaluate(resolved, this.expressionContext);
	}

}
