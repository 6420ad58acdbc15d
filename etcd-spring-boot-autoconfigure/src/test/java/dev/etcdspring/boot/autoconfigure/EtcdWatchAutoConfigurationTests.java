package dev.etcdspring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.etcdspring.annotation.EnableEtcdWatch;
import dev.etcdspring.annotation.EtcdWatch;
import dev.etcdspring.annotation.EtcdWatchConfiguration;
import dev.etcdspring.boot.health.EtcdHealthIndicator;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.error.UnavailableException;
import dev.etcdspring.core.EtcdExceptionTranslator;
import dev.etcdspring.core.EtcdTemplate;
import dev.etcdspring.listener.EtcdWatchContainer;
import dev.etcdspring.listener.EtcdWatchErrorHandler;
import dev.etcdspring.listener.EtcdWatchRegistry;
import dev.etcdspring.test.EtcdClusterExtension;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.dao.annotation.PersistenceExceptionTranslationPostProcessor;
import org.springframework.stereotype.Repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * How Spring Boot wires the {@code etcd-spring} library: the template and
 * {@code @EtcdWatch}.
 */
class EtcdWatchAutoConfigurationTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	private final String prefix = "boot/watch/" + UUID.randomUUID() + "/";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, JacksonAutoConfiguration.class))
		.withPropertyValues("etcd.endpoints=" + String.join(",", etcd.endpoints()), "test.prefix=" + this.prefix);

	record Flag(String name, boolean on) {
	}

	static class FlagListener {

		final List<String> seen = new CopyOnWriteArrayList<>();

		@EtcdWatch(id = "flags", key = "${test.prefix}", prefix = true, initialLoad = true)
		void onFlag(String key, @Nullable Flag flag) {
			this.seen.add(key.substring(key.lastIndexOf('/') + 1) + "=" + flag);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		@Bean
		FlagListener flagListener() {
			return new FlagListener();
		}

	}

	@Test
	void listenersAreTurnedOnAndReadJsonWithTheAutoConfiguredConverter() {
		this.contextRunner.withUserConfiguration(Listeners.class).run((context) -> {
			assertThat(context).hasSingleBean(EtcdWatchRegistry.class)
				.hasBean(EtcdWatchConfiguration.PROCESSOR_BEAN_NAME);
			context.getBean(EtcdTemplate.class).put(this.prefix + "dark", new Flag("dark", true));
			FlagListener listener = context.getBean(FlagListener.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> !listener.seen.isEmpty());
			assertThat(listener.seen).containsExactly("dark=Flag[name=dark, on=true]");
			assertThat(context.getBean(EtcdWatchRegistry.class).getState("flags"))
				.isEqualTo(EtcdWatchContainer.State.RUNNING);
		});
	}

	@Test
	void listenersWorkWithoutActuatorAndWithLazyInitialization() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.withBean(LazyInitializationBeanFactoryPostProcessor.class)
			.withUserConfiguration(Listeners.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(EtcdHealthIndicator.class);
				assertThat(context.getBeanFactory().getBeanDefinition("flagListener").isLazyInit()).isTrue();
				EtcdClient client = context.getBean(EtcdClient.class);
				client.kv().put(this.prefix + "lazy", "{\"name\":\"lazy\",\"on\":false}").join();
				FlagListener listener = context.getBean(FlagListener.class);
				await().atMost(Duration.ofSeconds(30)).until(() -> !listener.seen.isEmpty());
				assertThat(listener.seen).containsExactly("lazy=Flag[name=lazy, on=false]");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableEtcdWatch
	static class EnabledByTheApplication {

		@Bean
		EtcdWatchErrorHandler myErrorHandler() {
			return (exception, events, container) -> {
			};
		}

	}

	@Test
	void whenTheApplicationEnablesEtcdWatchItselfTheAutoConfigurationBacksOff() {
		this.contextRunner.withUserConfiguration(EnabledByTheApplication.class, Listeners.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(EtcdWatchRegistry.class)
				.getBeans(dev.etcdspring.annotation.EtcdWatchAnnotationBeanPostProcessor.class)
				.hasSize(1));
	}

	@Test
	void withoutTheLibraryOnlyTheClientIsConfigured() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(EtcdTemplate.class, EnableEtcdWatch.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(EtcdClient.class)
				.doesNotHaveBean(EtcdTemplate.class)
				.doesNotHaveBean(EtcdWatchRegistry.class));
	}

	@Test
	void theTemplateTakesTheRequestTimeoutAndTheTranslatorServesRepositories() {
		this.contextRunner.withPropertyValues("etcd.request-timeout=3s")
			.withBean(PersistenceExceptionTranslationPostProcessor.class)
			.withBean(FailingRepository.class)
			.run((context) -> {
				assertThat(context.getBean(EtcdTemplate.class).getTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(context).hasSingleBean(EtcdExceptionTranslator.class);
				assertThatExceptionOfType(TransientDataAccessResourceException.class)
					.isThrownBy(() -> context.getBean(FailingRepository.class).find())
					.withCauseInstanceOf(UnavailableException.class);
			});
	}

	@Repository
	static class FailingRepository {

		String find() {
			throw new UnavailableException("no member could serve the call", null, null, null);
		}

	}

}
