package dev.etcdspring.annotation;

import java.util.List;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.listener.EtcdWatchErrorHandler;
import dev.etcdspring.listener.EtcdWatchRecorder;
import dev.etcdspring.listener.EtcdWatchRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

/**
 * The beans of {@link EnableEtcdWatch}: the annotation processor and the registry.
 */
@Configuration(proxyBeanMethods = false)
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
public class EtcdWatchConfiguration {

	/** The annotation processor's bean name. */
	public static final String PROCESSOR_BEAN_NAME = "dev.etcdspring.annotation.internalEtcdWatchProcessor";

	@Bean(PROCESSOR_BEAN_NAME)
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static EtcdWatchAnnotationBeanPostProcessor etcdWatchAnnotationProcessor() {
		return new EtcdWatchAnnotationBeanPostProcessor();
	}

	@Bean(EtcdWatchRegistry.BEAN_NAME)
	EtcdWatchRegistry etcdWatchRegistry(ObjectProvider<EtcdClient> clients,
			ObjectProvider<EtcdWatchErrorHandler> errorHandler, ObjectProvider<EtcdWatchRecorder> recorder) {
		EtcdWatchRegistry registry = new EtcdWatchRegistry(() -> oneClient(clients));
		errorHandler.ifUnique(registry::setDefaultErrorHandler);
		recorder.ifUnique(registry::setRecorder);
		return registry;
	}

	private static EtcdClient oneClient(ObjectProvider<EtcdClient> clients) {
		EtcdClient client = clients.getIfUnique();
		if (client == null) {
			List<EtcdClient> all = clients.stream().toList();
			throw new IllegalStateException("@EtcdWatch listeners watch with the application's EtcdClient bean, but "
					+ (all.isEmpty() ? "there is none: define one"
							: "there are " + all.size() + ": mark the one to use @Primary"));
		}
		return client;
	}

}
