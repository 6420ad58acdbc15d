package dev.etcdspring.boot.metrics;

import java.util.function.Function;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingClientInterceptor;

/**
 * Micrometer's {@link MetricCollectingClientInterceptor} with the meters under
 * {@code etcd.client} and a {@code client} tag, and with long-lived streams apart from
 * calls: a unary call is timed under {@value #REQUESTS} (each attempt, tagged with its
 * status), a stream under {@value #STREAMS} (recorded when it ends, for as long as it was
 * open), so that a Watch stream open for hours never lands in a latency timer. Messages
 * are counted for both.
 */
final class EtcdGrpcMetricsInterceptor extends MetricCollectingClientInterceptor {

	/** Timer of unary calls. */
	static final String REQUESTS = "etcd.client.requests";

	/** Timer of streams, recorded when a stream ends. */
	static final String STREAMS = "etcd.client.streams";

	/** Counter of messages sent. */
	static final String MESSAGES_SENT = "etcd.client.messages.sent";

	/** Counter of messages received. */
	static final String MESSAGES_RECEIVED = "etcd.client.messages.received";

	EtcdGrpcMetricsInterceptor(MeterRegistry registry, String client) {
		super(registry, (counter) -> counter.tag(EtcdClientMetrics.CLIENT_TAG, client),
				(timer) -> timer.tag(EtcdClientMetrics.CLIENT_TAG, client));
	}

	@Override
	protected Counter newRequestCounterFor(MethodDescriptor<?, ?> method) {
		return this.counterCustomizer.apply(prepareCounterFor(method, MESSAGES_SENT, "Messages the etcd client sent"))
			.register(this.registry);
	}

	@Override
	protected Counter newResponseCounterFor(MethodDescriptor<?, ?> method) {
		return this.counterCustomizer
			.apply(prepareCounterFor(method, MESSAGES_RECEIVED, "Messages the etcd client received"))
			.register(this.registry);
	}

	@Override
	protected Function<Status.Code, Timer> newTimerFunction(MethodDescriptor<?, ?> method) {
		boolean unary = method.getType() == MethodDescriptor.MethodType.UNARY;
		String name = unary ? REQUESTS : STREAMS;
		String description = unary ? "Duration of etcd calls, each attempt, until the answer arrived"
				: "Lifetime of etcd streams (Watch, LeaseKeepAlive, Observe), recorded when a stream ends";
		return asTimerFunction(() -> this.timerCustomizer.apply(prepareTimerFor(method, name, description)));
	}

}
