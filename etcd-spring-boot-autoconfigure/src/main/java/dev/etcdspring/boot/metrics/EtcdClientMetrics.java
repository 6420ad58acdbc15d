package dev.etcdspring.boot.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.error.LeaseLostException;
import dev.etcdspring.client.event.CallbackPoolStats;
import dev.etcdspring.client.event.EtcdClientListener;
import dev.etcdspring.client.event.StreamKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * The meters of what happens inside one etcd client, as its {@link EtcdClientListener}
 * hears it: watches, stream reopens, leases, token refreshes, connections per endpoint
 * and the callback pool, all under {@code etcd.client} with a {@code client} tag. Add it
 * to the client's builder as a listener and bind it to a registry before the client is
 * built (as {@link EtcdClientInstrumentation} does); its meters are removed when the
 * client closes.
 *
 * <p>
 * Thread-safe; the client calls it one event at a time, and each event costs a counter
 * update.
 */
public class EtcdClientMetrics implements EtcdClientListener, MeterBinder {

	/** The tag naming the client: the bean name of a Spring-managed client. */
	public static final String CLIENT_TAG = "client";

	private final Tags tags;

	private final AtomicInteger activeWatches = new AtomicInteger();

	private final AtomicInteger keptLeases = new AtomicInteger();

	private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();

	/** Every meter registered, removed when the client closes. */
	private final Set<Meter> meters = ConcurrentHashMap.newKeySet();

	private volatile @Nullable MeterRegistry registry;

	private @Nullable Counter watchEvents;

	private @Nullable Counter renewals;

	private @Nullable Counter keepAliveFailures;

	private @Nullable CallbackPoolStats pool;

	/**
	 * Meters of one client.
	 * @param client the client's name, the value of the {@code client} tag
	 */
	public EtcdClientMetrics(String client) {
		this.tags = Tags.of(CLIENT_TAG, client);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
		keep(Gauge.builder("etcd.client.watches.active", this.activeWatches, AtomicInteger::get)
			.tags(this.tags)
			.description("Watches the server created and that have not ended")
			.register(registry));
		keep(Gauge.builder("etcd.client.leases.kept", this.keptLeases, AtomicInteger::get)
			.tags(this.tags)
			.description("Leases the client keeps alive (a session's lease included)")
			.register(registry));
		this.watchEvents = keep(Counter.builder("etcd.client.watch.events")
			.tags(this.tags)
			.description("Events received on watches, queued for their listeners")
			.register(registry));
		this.renewals = keep(Counter.builder("etcd.client.lease.renewals")
			.tags(this.tags)
			.description("Lease renewals the server answered")
			.register(registry));
		this.keepAliveFailures = keep(Counter.builder("etcd.client.lease.keepalive.failures")
			.tags(this.tags)
			.description("Lease renewals that went unanswered for half a second and were sent again")
			.register(registry));
		CallbackPoolStats known = this.pool;
		if (known != null) {
			bindPool(registry, known);
		}
	}

	private <M extends Meter> M keep(M meter) {
		this.meters.add(meter);
		return meter;
	}

	private void count(String name, String description, String... extraTags) {
		MeterRegistry target = this.registry;
		if (target != null) {
			keep(Counter.builder(name).tags(this.tags).tags(extraTags).description(description).register(target))
				.increment();
		}
	}

	private static void increment(@Nullable Counter counter) {
		if (counter != null) {
			counter.increment();
		}
	}

	// ---------------------------------------------------------------- the client's
	// events

	@Override
	public void callbackPoolStarted(CallbackPoolStats pool) {
		this.pool = pool;
		MeterRegistry target = this.registry;
		if (target != null) {
			bindPool(target, pool);
		}
	}

	private void bindPool(MeterRegistry registry, CallbackPoolStats pool) {
		keep(Gauge.builder("etcd.client.callback.pool.size", pool, CallbackPoolStats::poolSize)
			.tags(this.tags)
			.description("Workers of the client's callback pool, base and extra")
			.strongReference(true)
			.register(registry));
		keep(Gauge.builder("etcd.client.callback.pool.base", pool, CallbackPoolStats::baseSize)
			.tags(this.tags)
			.description("Workers the callback pool keeps while busy")
			.strongReference(true)
			.register(registry));
		keep(Gauge.builder("etcd.client.callback.active", pool, CallbackPoolStats::activeCount)
			.tags(this.tags)
			.description("Callbacks running now")
			.strongReference(true)
			.register(registry));
		keep(Gauge.builder("etcd.client.callback.queued", pool, CallbackPoolStats::queueSize)
			.tags(this.tags)
			.description("Callbacks waiting for a worker")
			.strongReference(true)
			.register(registry));
		keep(FunctionCounter.builder("etcd.client.callback.completed", pool, CallbackPoolStats::completedCount)
			.tags(this.tags)
			.description("Callbacks run")
			.register(registry));
	}

	@Override
	public void connectionStateChanged(String endpoint, boolean connected) {
		AtomicInteger open = this.connections.computeIfAbsent(endpoint, (e) -> {
			AtomicInteger created = new AtomicInteger();
			MeterRegistry target = this.registry;
			if (target != null) {
				keep(Gauge.builder("etcd.client.connections", created, AtomicInteger::get)
					.tags(this.tags)
					.tag("endpoint", e)
					.description("Open connections of the client's channel to the endpoint")
					.register(target));
			}
			return created;
		});
		if (connected) {
			open.incrementAndGet();
		}
		else {
			open.updateAndGet((n) -> Math.max(0, n - 1));
			count("etcd.client.disconnects", "Connections to the endpoint lost; the client reconnects", "endpoint",
					endpoint);
		}
	}

	@Override
	public void streamReopened(StreamKind stream) {
		count("etcd.client.stream.reopens", "Long-lived streams that broke and were reopened", "stream",
				stream.name().toLowerCase(Locale.ROOT).replace('_', '-'));
	}

	@Override
	public void watchCreated() {
		this.activeWatches.incrementAndGet();
		count("etcd.client.watches.created", "Watches the server created");
	}

	@Override
	public void watchResumed() {
		count("etcd.client.watches.resumed", "Watches created again from their next revision after a reopen or pause");
	}

	@Override
	public void watchEnded(boolean created, @Nullable EtcdException error) {
		if (created) {
			this.activeWatches.decrementAndGet();
		}
		count("etcd.client.watches.ended", "Watches ended, closed by the application or by an error", "error",
				(error != null) ? error.getClass().getSimpleName() : "none");
	}

	@Override
	public void watchEventsReceived(int count) {
		Counter events = this.watchEvents;
		if (events != null) {
			events.increment(count);
		}
	}

	@Override
	public void keepAliveStarted(long leaseId) {
		this.keptLeases.incrementAndGet();
	}

	@Override
	public void leaseRenewed(long leaseId, long ttlSeconds) {
		increment(this.renewals);
	}

	@Override
	public void keepAliveFailed(long leaseId) {
		increment(this.keepAliveFailures);
	}

	@Override
	public void keepAliveEnded(long leaseId) {
		this.keptLeases.decrementAndGet();
	}

	@Override
	public void leaseLost(long leaseId, EtcdException reason) {
		count("etcd.client.leases.lost",
				"Kept-alive leases lost: gone on the server, or a session's lease unrenewed " + "for a whole TTL",
				"reason", (reason instanceof LeaseLostException) ? "unrenewed" : "expired");
	}

	@Override
	public void authTokenRefreshed(@Nullable EtcdException error) {
		count("etcd.client.auth.refreshes", "Authentications for a new token", "outcome",
				(error != null) ? "failure" : "success");
	}

	@Override
	public void clientClosed() {
		MeterRegistry target = this.registry;
		if (target != null) {
			this.meters.forEach(target::remove);
		}
		this.meters.clear();
	}

	@Override
	public String toString() {
		return "EtcdClientMetrics" + this.tags;
	}

}
