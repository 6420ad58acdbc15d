package dev.etcdspring.boot.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.etcdspring.client.EtcdClientBuilder;
import dev.etcdspring.client.grpc.GrpcInterceptors;
import io.grpc.ClientInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.GrpcClientObservationConvention;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Instruments an etcd client's builder with Micrometer: with a {@link MeterRegistry},
 * Micrometer's gRPC metrics interceptor (as {@code etcd.client.requests},
 * {@code etcd.client.streams}, {@code etcd.client.messages.*}) and the client's own
 * meters ({@link EtcdClientMetrics}); with an {@link ObservationRegistry}, Micrometer's
 * gRPC observation interceptor, so that every call is an observation (a span in traces)
 * named by the {@link GrpcClientObservationConvention}. Every meter and observation
 * carries the client's name, so that several clients stay apart.
 *
 * <p>
 * Spring Boot applies it to the auto-configured client (named {@code etcdClient}); an
 * application that defines its own clients applies it to each of their builders, with the
 * bean's name:
 *
 * <pre class="code">
 * &#64;Bean
 * EtcdClient ordersEtcd(EtcdClientInstrumentation instrumentation) {
 *     return instrumentation.instrument("ordersEtcd", EtcdClient.builder().endpoints("http://orders-etcd:2379"))
 *         .build();
 * }
 * </pre>
 *
 * Thread-safe and immutable.
 */
public final class EtcdClientInstrumentation {

	private final @Nullable MeterRegistry meterRegistry;

	private final @Nullable ObservationRegistry observationRegistry;

	private final GrpcClientObservationConvention convention;

	private final boolean includeKey;

	/**
	 * Instruments with what is given.
	 * @param meterRegistry where meters go, or {@code null} for no metrics
	 * @param observationRegistry where observations go, or {@code null} for none
	 * @param convention names the observations and their keys
	 * @param includeKey whether observations carry the request's key (high cardinality,
	 * and a key can be sensitive)
	 */
	public EtcdClientInstrumentation(@Nullable MeterRegistry meterRegistry,
			@Nullable ObservationRegistry observationRegistry, GrpcClientObservationConvention convention,
			boolean includeKey) {
		this.meterRegistry = meterRegistry;
		this.observationRegistry = observationRegistry;
		this.convention = Objects.requireNonNull(convention, "convention");
		this.includeKey = includeKey;
	}

	/**
	 * Adds the interceptors and the listener to a client's builder; the client's own
	 * meters are registered now and removed when the client closes.
	 * @param clientName the value of the {@code client} tag (the bean name of a
	 * Spring-managed client)
	 * @param builder the builder
	 * @return the builder
	 */
	public EtcdClientBuilder instrument(String clientName, EtcdClientBuilder builder) {
		List<ClientInterceptor> interceptors = interceptors(clientName);
		EtcdClientMetrics metrics = metrics(clientName);
		if (metrics != null) {
			builder.listener(metrics);
		}
		if (!interceptors.isEmpty()) {
			builder.interceptors(GrpcInterceptors.of(interceptors));
		}
		return builder;
	}

	/**
	 * Instruments a client that was built with {@link DeferredInstrumentation}'s hooks,
	 * such as the client of {@code spring.config.import=etcd:}, which exists before any
	 * registry does.
	 * @param clientName the value of the {@code client} tag
	 * @param deferred the hooks the client was built with
	 */
	public void instrument(String clientName, DeferredInstrumentation deferred) {
		deferred.set(interceptors(clientName), metrics(clientName));
	}

	private List<ClientInterceptor> interceptors(String clientName) {
		List<ClientInterceptor> interceptors = new ArrayList<>(3);
		if (this.observationRegistry != null) {
			ObservationGrpcClientInterceptor observations = new ObservationGrpcClientInterceptor(
					this.observationRegistry);
			observations.setCustomConvention(this.convention);
			interceptors.add(observations);
			interceptors.add(new EtcdObservationEnricher(this.observationRegistry, clientName, this.includeKey));
		}
		if (this.meterRegistry != null) {
			interceptors.add(new EtcdGrpcMetricsInterceptor(this.meterRegistry, clientName));
		}
		return interceptors;
	}

	/**
	 * The client's own meters, registered now and removed when the client closes; null
	 * without metrics.
	 */
	private @Nullable EtcdClientMetrics metrics(String clientName) {
		if (this.meterRegistry == null) {
			return null;
		}
		EtcdClientMetrics metrics = new EtcdClientMetrics(clientName);
		metrics.bindTo(this.meterRegistry);
		return metrics;
	}

	/**
	 * Whether clients get meters.
	 * @return whether a meter registry is used
	 */
	public boolean hasMetrics() {
		return this.meterRegistry != null;
	}

	/**
	 * Whether clients get observations.
	 * @return whether an observation registry is used
	 */
	public boolean hasObservations() {
		return this.observationRegistry != null;
	}

}
