package dev.etcdspring.boot.metrics;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.listener.EtcdWatchContainer;
import dev.etcdspring.listener.EtcdWatchRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Micrometer meters of {@code @EtcdWatch} listeners (and other listener containers),
 * tagged with the listener's id ({@code listener}): calls timed by outcome, events
 * delivered, errors, retries, and failures handed to the error handler once the back-off
 * gave up. Thread-safe; a successful call costs a timer record and a counter update on
 * meters looked up once per listener.
 */
public class EtcdWatchListenerMetrics implements EtcdWatchRecorder {

	private final MeterRegistry registry;

	private final Map<String, Meters> meters = new ConcurrentHashMap<>();

	/**
	 * Meters in a registry.
	 * @param registry the registry
	 */
	public EtcdWatchListenerMetrics(MeterRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "registry");
	}

	/** The meters of a successful call, looked up once per listener. */
	private record Meters(Timer success, Counter events) {
	}

	private Meters meters(EtcdWatchContainer container) {
		return this.meters.computeIfAbsent(container.getId(),
				(id) -> new Meters(timer(id, "success", "none"),
						Counter.builder("etcd.listener.events")
							.tag("listener", id)
							.description("Events the listener handled without an exception")
							.register(this.registry)));
	}

	private Timer timer(String id, String outcome, String exception) {
		return Timer.builder("etcd.listener.calls")
			.tag("listener", id)
			.tag("outcome", outcome)
			.tag("exception", exception)
			.description("Calls of the listener, one per event or batch, retries included")
			.register(this.registry);
	}

	@Override
	public void delivered(EtcdWatchContainer container, int events, long nanos) {
		Meters meters = meters(container);
		meters.success().record(nanos, TimeUnit.NANOSECONDS);
		meters.events().increment(events);
	}

	@Override
	public void failed(EtcdWatchContainer container, int events, long nanos, Exception error) {
		String exception = error.getClass().getSimpleName();
		timer(container.getId(), "error", exception).record(nanos, TimeUnit.NANOSECONDS);
		Counter.builder("etcd.listener.errors")
			.tag("listener", container.getId())
			.tag("exception", exception)
			.description("Listener calls that threw")
			.register(this.registry)
			.increment();
	}

	@Override
	public void retrying(EtcdWatchContainer container, long pauseMillis) {
		Counter.builder("etcd.listener.retries")
			.tag("listener", container.getId())
			.description("Listener calls repeated after a back-off pause")
			.register(this.registry)
			.increment();
	}

	@Override
	public void exhausted(EtcdWatchContainer container, Exception error) {
		Counter.builder("etcd.listener.errors.handled")
			.tag("listener", container.getId())
			.description("Failures handed to the error handler once the back-off gave up")
			.register(this.registry)
			.increment();
	}

}
