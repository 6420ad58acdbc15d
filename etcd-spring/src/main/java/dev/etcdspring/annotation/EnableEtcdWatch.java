package dev.etcdspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Turns on {@link EtcdWatch} listeners in a Spring application without Spring Boot
 * (Spring Boot's auto-configuration does it by itself):
 *
 * <pre class="code">
 * &#64;Configuration
 * &#64;EnableEtcdWatch
 * class EtcdConfig {
 *
 *     &#64;Bean(destroyMethod = "close")
 *     EtcdClient etcdClient() {
 *         return EtcdClient.builder().endpoints("http://localhost:2379").build();
 *     }
 *
 * }
 * </pre>
 *
 * Registers the {@link EtcdWatchAnnotationBeanPostProcessor} and the
 * {@link dev.etcdspring.listener.EtcdWatchRegistry} (bean {@code etcdWatchRegistry}),
 * which watches with the application's one {@link dev.etcdspring.client.EtcdClient} bean
 * (or its primary one). An {@link dev.etcdspring.listener.EtcdWatchErrorHandler} bean,
 * when there is one, is the default error handler.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(EtcdWatchConfiguration.class)
public @interface EnableEtcdWatch {

}
