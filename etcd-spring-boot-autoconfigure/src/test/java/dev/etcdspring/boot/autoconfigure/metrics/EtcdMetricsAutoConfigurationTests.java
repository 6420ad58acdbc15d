package dev.etcdspring.boot.autoconfigure.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.etcdspring.boot.autoconfigure.EtcdAutoConfiguration;
import dev.etcdspring.boot.autoconfigure.EtcdClientBuilderCustomizer;
import dev.etcdspring.boot.metrics.EtcdClientInstrumentation;
import dev.etcdspring.boot.metrics.EtcdClientObservationConvention;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientBuilder;
import dev.etcdspring.client.EtcdClientSettings;
import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.error.LeaseNotFoundException;
import dev.etcdspring.client.kv.Compare;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.client.lease.KeepAliveListener;
import dev.etcdspring.client.watch.Watch;
import dev.etcdspring.core.EtcdTemplate;
import dev.etcdspring.listener.EtcdWatchEndpoint;
import dev.etcdspring.listener.EtcdWatchRegistry;
import dev.etcdspring.test.EtcdClusterExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

class EtcdMetricsAutoConfigurationTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdMetricsAutoConfiguration.class))
		.withPropertyValues("etcd.endpoints=" + etcd.cluster().clientEndpoint());

	private final ApplicationContextRunner withMeters = this.contextRunner.withBean(MeterRegistry.class,
			SimpleMeterRegistry::new);

	private static Search client(MeterRegistry registry, String name) {
		return registry.find(name).tag("client", "etcdClient");
	}

	@Test
	void whenMeterRegistryExistsThenCallsAreTimedWithServiceMethodAndStatus() {
		this.withMeters.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			EtcdClient client = context.getBean(EtcdClient.class);
			client.kv().put("metrics/a", "1").join();
			client.kv().get("metrics/a").join();
			client.kv()
				.txn()
				.when(Compare.version("metrics/a").greater(0))
				.then(PutOp.of("metrics/a", "2"))
				.commit()
				.join();
			Watch watch = client.watch().watch("metrics/a", (response) -> {
			});
			watch.created().join();
			client.kv().put("metrics/a", "3").join();
			for (String method : new String[] { "Put", "Range", "Txn" }) {
				assertThat(client(registry, "etcd.client.requests")
					.tags("service", "etcdserverpb.KV", "method", method, "methodType", "UNARY", "statusCode", "OK")
					.timer()).as(method).isNotNull().satisfies((timer) -> assertThat(timer.count()).isPositive());
			}
			await().atMost(WAIT).until(() -> client(registry, "etcd.client.watch.events").counter().count() >= 1);
			assertThat(client(registry, "etcd.client.watches.created").counter().count()).isEqualTo(1);
			assertThat(client(registry, "etcd.client.watches.active").gauge().value()).isEqualTo(1);
			assertThat(client(registry, "etcd.client.messages.sent").tag("method", "Watch").counter().count())
				.isPositive();
			// a stream is never in the latency timer; it is timed as a stream when it
			// ends
			assertThat(registry.find("etcd.client.requests").tag("method", "Watch").meters()).isEmpty();
			assertThat(client(registry, "etcd.client.streams").tag("method", "Watch").timer()).isNull();
			watch.close();
			await().atMost(WAIT)
				.until(() -> client(registry, "etcd.client.streams").tag("method", "Watch").timer() != null);
			assertThat(client(registry, "etcd.client.streams").tags("method", "Watch", "methodType", "BIDI_STREAMING")
				.timer()
				.count()).isEqualTo(1);
			assertThat(client(registry, "etcd.client.watches.active").gauge().value()).isZero();
			assertThat(client(registry, "etcd.client.callback.pool.size").gauge()).isNotNull();
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(
						client(registry, "etcd.client.connections").tag("endpoint", etcd.cluster().clientEndpoint())
							.gauge()
							.value())
					.isEqualTo(1));
		});
	}

	@Test
	void failedCallIsTaggedWithItsStatusAndALostLeaseIsCounted() {
		this.withMeters.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			EtcdClient client = context.getBean(EtcdClient.class);
			assertThat(catchThrowable(() -> client.lease().revoke(0x7ead).join()))
				.hasCauseInstanceOf(LeaseNotFoundException.class);
			assertThat(client(registry, "etcd.client.requests").tags("method", "LeaseRevoke", "statusCode", "NOT_FOUND")
				.timer()
				.count()).isEqualTo(1);

			long lease = client.lease().grant(Duration.ofSeconds(30)).join().id();
			client.lease().keepAlive(lease, new KeepAliveListener() {
			});
			await().atMost(WAIT).until(() -> client(registry, "etcd.client.lease.renewals").counter().count() >= 1);
			assertThat(client(registry, "etcd.client.leases.kept").gauge().value()).isEqualTo(1);
			client.lease().revoke(lease).join();
			await().atMost(WAIT)
				.until(() -> client(registry, "etcd.client.leases.lost").tag("reason", "expired").counter() != null);
			assertThat(client(registry, "etcd.client.leases.kept").gauge().value()).isZero();
		});
	}

	@Test
	void whenObservationRegistryExistsThenEveryCallIsAnObservationWithoutTheKey() {
		this.contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withPropertyValues("management.observations.etcd.enabled=true")
			.run((context) -> {
				TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
				context.getBean(EtcdClient.class).kv().put("observed/key", "v").join();
				TestObservationRegistryAssert.assertThat(registry)
					.hasObservationWithNameEqualTo(EtcdClientObservationConvention.NAME)
					.that()
					.hasContextualNameEqualTo("etcdserverpb.KV/Put")
					.hasLowCardinalityKeyValue("rpc.service", "etcdserverpb.KV")
					.hasLowCardinalityKeyValue("rpc.method", "Put")
					.hasLowCardinalityKeyValue("grpc.status_code", "OK")
					.hasLowCardinalityKeyValue("client", "etcdClient")
					.doesNotHaveHighCardinalityKeyValueWithKey("etcd.key");
				assertThat(context).doesNotHaveBean(MeterRegistry.class);
			});
	}

	@Test
	void withoutATracerCallsAreNotObservedByDefault() {
		// an observation of every call without tracing would only duplicate the request
		// timers
		this.contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create).run((context) -> {
			context.getBean(EtcdClient.class).kv().put("observed/not", "v").join();
			TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
				.doesNotHaveAnyObservation();
		});
	}

	@Test
	void withATracerCallsAreObservedByDefault() {
		this.contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withBean(Tracer.class, () -> Tracer.NOOP)
			.run((context) -> {
				context.getBean(EtcdClient.class).kv().put("observed/traced", "v").join();
				TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
					.hasObservationWithNameEqualTo(EtcdClientObservationConvention.NAME);
			});
	}

	@Test
	void keyIsAHighCardinalityValueWhenAllowed() {
		this.contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withPropertyValues("management.observations.etcd.enabled=true",
					"management.observations.etcd.include-key=true")
			.run((context) -> {
				TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
				context.getBean(EtcdClient.class).kv().get("observed/get").join();
				TestObservationRegistryAssert.assertThat(registry)
					.hasObservationWithNameEqualTo(EtcdClientObservationConvention.NAME)
					.that()
					.hasHighCardinalityKeyValue("etcd.key", "observed/get");
			});
	}

	@Test
	void userConventionReplacesTheDefault() {
		this.contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withBean(EtcdClientObservationConvention.class, () -> new EtcdClientObservationConvention() {
				@Override
				public String getName() {
					return "custom.etcd";
				}
			})
			.withPropertyValues("management.observations.etcd.enabled=true")
			.run((context) -> {
				context.getBean(EtcdClient.class).kv().get("observed/custom").join();
				TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
					.hasObservationWithNameEqualTo("custom.etcd");
			});
	}

	@Test
	void withoutRegistriesNoInterceptorIsInstalled() {
		this.contextRunner.withUserConfiguration(CaptureBuilder.class).run((context) -> {
			assertThat(context).hasSingleBean(EtcdClient.class).doesNotHaveBean(EtcdClientInstrumentation.class);
			EtcdClientSettings config = CaptureBuilder.builder.settings();
			assertThat(config.interceptorCount()).isZero();
			assertThat(config.listenerCount()).isZero();
		});
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.withMeters.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).hasSingleBean(EtcdClient.class)
				.doesNotHaveBean(EtcdClientInstrumentation.class));
	}

	@Test
	void propertiesTurnMetricsAndObservationsOff() {
		this.withMeters.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withPropertyValues("management.metrics.etcd.enabled=false", "management.observations.etcd.enabled=false")
			.withUserConfiguration(CaptureBuilder.class)
			.run((context) -> {
				EtcdClientInstrumentation instrumentation = context.getBean(EtcdClientInstrumentation.class);
				assertThat(instrumentation.hasMetrics()).isFalse();
				assertThat(instrumentation.hasObservations()).isFalse();
				assertThat(CaptureBuilder.builder.settings().interceptorCount()).isZero();
				context.getBean(EtcdClient.class).kv().get("off").join();
				assertThat(context.getBean(MeterRegistry.class).find("etcd.client.requests").meters()).isEmpty();
				TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
					.doesNotHaveAnyObservation();
			});
	}

	@Test
	void twoClientsKeepTheirMetersApartAndRemoveThemWhenClosed() {
		this.withMeters.withUserConfiguration(TwoClients.class).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			EtcdClient first = context.getBean("first", EtcdClient.class);
			EtcdClient second = context.getBean("second", EtcdClient.class);
			first.kv().put("two/a", "1").join();
			second.kv().put("two/b", "1").join();
			second.kv().put("two/b", "2").join();
			assertThat(registry.get("etcd.client.requests").tags("client", "first", "method", "Put").timer().count())
				.isEqualTo(1);
			assertThat(registry.get("etcd.client.requests").tags("client", "second", "method", "Put").timer().count())
				.isEqualTo(2);
			assertThat(registry.find("etcd.client.callback.pool.size").gauges()).hasSize(2);
			second.close();
			assertThat(registry.find("etcd.client.callback.pool.size").tag("client", "second").gauge()).isNull();
			assertThat(registry.find("etcd.client.callback.pool.size").tag("client", "first").gauge()).isNotNull();
		});
	}

	@Test
	void listenersCountEventsErrorsAndRetries() {
		this.withMeters.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			AtomicInteger calls = new AtomicInteger();
			context.getBean(EtcdWatchRegistry.class)
				.registerEndpoint(EtcdWatchEndpoint.builder("flaky", KeyRange.key("listener/flaky"))
					.backOff(new FixedBackOff(10, 2))
					.listener((event) -> {
						if (calls.incrementAndGet() == 1) {
							throw new IllegalStateException("first call fails");
						}
					})
					.build());
			context.getBean(EtcdTemplate.class).put("listener/flaky", "v");
			await().atMost(WAIT)
				.until(() -> registry.find("etcd.listener.events").tag("listener", "flaky").counter() != null);
			assertThat(registry.get("etcd.listener.events").tag("listener", "flaky").counter().count()).isEqualTo(1);
			assertThat(registry.get("etcd.listener.errors")
				.tags("listener", "flaky", "exception", "IllegalStateException")
				.counter()
				.count()).isEqualTo(1);
			assertThat(registry.get("etcd.listener.retries").tag("listener", "flaky").counter().count()).isEqualTo(1);
			assertThat(
					registry.get("etcd.listener.calls").tags("listener", "flaky", "outcome", "success").timer().count())
				.isEqualTo(1);
		});
	}

	@Test
	void templateMethodsAreObservationsWithTheirOperation() {
		this.contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withPropertyValues("management.observations.etcd.enabled=true")
			.run((context) -> {
				context.getBean(EtcdTemplate.class).put("template/observed", "v", Duration.ofSeconds(30));
				TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
					.hasObservationWithNameEqualTo(EtcdTemplate.OBSERVATION_NAME)
					.that()
					.hasLowCardinalityKeyValue(EtcdTemplate.OPERATION_KEY, "put-with-ttl")
					.hasBeenStopped();
			});
	}

	/** Captures the builder after every customizer ran. */
	@Configuration(proxyBeanMethods = false)
	static class CaptureBuilder {

		static volatile EtcdClientBuilder builder;

		@Bean
		@org.springframework.core.annotation.Order(Integer.MAX_VALUE)
		EtcdClientBuilderCustomizer capture() {
			return (builder) -> CaptureBuilder.builder = builder;
		}

	}

	/** An application with two clients of its own, instrumented by bean name. */
	@Configuration(proxyBeanMethods = false)
	static class TwoClients {

		@Bean(destroyMethod = "close")
		EtcdClient first(EtcdClientInstrumentation instrumentation) {
			return instrumentation.instrument("first", EtcdClient.builder().endpoints(etcd.cluster().clientEndpoint()))
				.build();
		}

		@Bean(destroyMethod = "close")
		EtcdClient second(EtcdClientInstrumentation instrumentation) {
			return instrumentation.instrument("second", EtcdClient.builder().endpoints(etcd.cluster().clientEndpoint()))
				.build();
		}

	}

}
