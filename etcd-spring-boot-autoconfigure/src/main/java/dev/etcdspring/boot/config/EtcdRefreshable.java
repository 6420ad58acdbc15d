package dev.etcdspring.boot.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code @ConfigurationProperties} bean (its class, or its {@code @Bean} method)
 * to be bound again when configuration imported from etcd changes, without Spring Cloud.
 * The bean must be a JavaBean (bound through setters, with a no-argument constructor): a
 * fresh instance is bound with Spring Boot's binder, conversion and validation, then
 * copied into the bean, so a property removed from etcd goes back to its default and a
 * value that fails validation leaves the bean unchanged (and is logged). Copying is not
 * atomic for readers of the bean. Constructor-bound (immutable) properties cannot be
 * rebound: annotating one fails start-up.
 *
 * <p>
 * With Spring Cloud Context (and its refresh enabled), every
 * {@code @ConfigurationProperties} bean is rebound by Spring Cloud and this annotation is
 * not needed.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface EtcdRefreshable {

}
