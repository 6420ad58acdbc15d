package dev.etcdspring.boot.metrics;

import dev.etcdspring.client.grpc.GrpcInterceptors;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.binder.grpc.GrpcClientObservationContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Runs inside Micrometer's {@code ObservationGrpcClientInterceptor} and adds to the
 * call's observation what only the etcd side knows: the client's name (low cardinality)
 * and, when allowed, the key of the request (high cardinality: a span attribute, never a
 * meter tag). The observation is the one the outer interceptor opened in scope when it
 * started the call.
 */
final class EtcdObservationEnricher implements ClientInterceptor {

	/** The high-cardinality key of the request's key. */
	static final String KEY = "etcd.key";

	private final ObservationRegistry registry;

	private final KeyValue client;

	private final boolean includeKey;

	EtcdObservationEnricher(ObservationRegistry registry, String client, boolean includeKey) {
		this.registry = registry;
		this.client = KeyValue.of(EtcdClientMetrics.CLIENT_TAG, client);
		this.includeKey = includeKey;
	}

	@Override
	public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
		return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {

			private @Nullable GrpcClientObservationContext context;

			@Override
			public void start(Listener<A> listener, Metadata headers) {
				Observation current = EtcdObservationEnricher.this.registry.getCurrentObservation();
				if (current != null && current.getContext() instanceof GrpcClientObservationContext grpc
						&& method.getFullMethodName().equals(grpc.getFullMethodName())) {
					grpc.addLowCardinalityKeyValue(EtcdObservationEnricher.this.client);
					this.context = grpc;
				}
				super.start(listener, headers);
			}

			@Override
			public void sendMessage(Q message) {
				GrpcClientObservationContext grpc = this.context;
				if (grpc != null && EtcdObservationEnricher.this.includeKey) {
					this.context = null;
					String key = GrpcInterceptors.requestKey(message);
					if (key != null) {
						grpc.addHighCardinalityKeyValue(KeyValue.of(KEY, key));
					}
				}
				super.sendMessage(message);
			}

		};
	}

}
