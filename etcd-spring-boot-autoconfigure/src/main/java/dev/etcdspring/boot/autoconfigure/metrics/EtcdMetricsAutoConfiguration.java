package dev.etcdspring.boot.autoconfigure.metrics;

import dev.etcdspring.boot.autoconfigure.EtcdAutoConfiguration;
import dev.etcdspring.boot.autoconfigure.EtcdClientBuilderCustomizer;
import dev.etcdspring.boot.config.EtcdConfigDataClient;
import dev.etcdspring.boot.metrics.DeferredInstrumentation;
import dev.etcdspring.boot.metrics.EtcdClientInstrumentation;
import dev.etcdspring.boot.metrics.EtcdClientObservationConvention;
import dev.etcdspring.boot.metrics.EtcdWatchListenerMetrics;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.listener.EtcdWatchRecorder;
import io.grpc.ClientInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of Micrometer metrics and observations for the auto-configured
 * {@code EtcdClient}: Micrometer's gRPC interceptors on its channel and its own meters
 * (see {@link EtcdClientInstrumentation}), when a {@link MeterRegistry} or an
 * {@link ObservationRegistry} bean exists; and meters of {@code @EtcdWatch} listeners
 * ({@link EtcdWatchListenerMetrics}). {@code management.metrics.etcd.enabled} and
 * {@code management.observations.etcd.enabled} turn either off. Observations of
 * {@code EtcdTemplate}'s methods are wired with the template.
 */
@AutoConfiguration(before = EtcdAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnClass({ EtcdClient.class, MeterRegistry.class, ClientInterceptor.class,
		ObservationGrpcClientInterceptor.class })
@Conditional(EtcdMetricsAutoConfiguration.OnMeterOrObservationRegistry.class)
@EnableConfigurationProperties({ EtcdMetricsProperties.class, EtcdObservationProperties.class })
public final class EtcdMetricsAutoConfiguration {

	/**
	 * The bean name of the auto-configured client, the {@code client} tag of its meters.
	 */
	static final String CLIENT_BEAN_NAME = "etcdClient";

	@Bean
	@ConditionalOnMissingBean
	EtcdClientObservationConvention etcdClientObservationConvention() {
		return new EtcdClientObservationConvention();
	}

	@Bean
	@ConditionalOnMissingBean
	EtcdClientInstrumentation etcdClientInstrumentation(ObjectProvider<MeterRegistry> meterRegistry,
			ObjectProvider<ObservationRegistry> observationRegistry, EtcdClientObservationConvention convention,
			EtcdMetricsProperties metrics, EtcdObservationProperties observations, Environment environment,
			ListableBeanFactory beanFactory) {
		return new EtcdClientInstrumentation(metrics.isEnabled() ? meterRegistry.getIfUnique() : null,
				EtcdObservations.enabled(environment, beanFactory) ? observationRegistry.getIfUnique() : null,
				convention, observations.isIncludeKey());
	}

	@Bean
	EtcdClientBuilderCustomizer etcdClientInstrumentationCustomizer(EtcdClientInstrumentation instrumentation,
			ObjectProvider<EtcdConfigDataClient> configDataClient) {
		// the client of spring.config.import=etcd: was built before any registry existed,
		// with hooks
		// that are filled in now; it becomes the application's client, so no builder sees
		// this
		configDataClient.ifAvailable((imported) -> {
			DeferredInstrumentation hooks = imported.getInstrumentation();
			if (hooks != null) {
				instrumentation.instrument(CLIENT_BEAN_NAME, hooks);
			}
		});
		return (builder) -> instrumentation.instrument(CLIENT_BEAN_NAME, builder);
	}

	/** Meters of {@code @EtcdWatch} listeners, with the {@code etcd-spring} library. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(EtcdWatchRecorder.class)
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "management.metrics.etcd.enabled", matchIfMissing = true)
	static class ListenerMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(EtcdWatchRecorder.class)
		EtcdWatchListenerMetrics etcdWatchListenerMetrics(MeterRegistry meterRegistry) {
			return new EtcdWatchListenerMetrics(meterRegistry);
		}

	}

	/** A meter registry or an observation registry is defined. */
	static final class OnMeterOrObservationRegistry extends AnyNestedCondition {

		OnMeterOrObservationRegistry() {
			super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBean(MeterRegistry.class)
		static final class MeterRegistryDefined {

		}

		@ConditionalOnBean(ObservationRegistry.class)
		static final class ObservationRegistryDefined {

		}

	}

}
