package dev.etcdspring.annotation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.watch.Watch;
import dev.etcdspring.client.watch.WatchEvent;
import dev.etcdspring.listener.EtcdWatchEndpoint;
import dev.etcdspring.listener.EtcdWatchRegistry;
import dev.etcdspring.test.EtcdCluster;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Not a test (surefire does not pick it up by its name, and it asserts nothing): measures
 * by hand how many events per second an {@code @EtcdWatch} method, a listener container
 * and the bare client's watch take in, on bursts of 10,000 puts. Run it with
 * {@code ./mvnw -B -pl etcd-spring -am verify -Dtest=WatchThroughputMeasurement -Dsurefire.failIfNoSpecifiedTests=false}
 * and read the lines starting with {@code @@} in
 * {@code etcd-spring/target/surefire-reports/dev.etcdspring.annotation.WatchThroughputMeasurement-output.txt}.
 *
 * <ul>
 * <li>Drain: the listener holds its first call until the whole burst has reached the
 * client (a second, bare watch on the same client has seen all of it), then the time to
 * deliver the 10,000 events buffered in the client is taken: the delivery path alone,
 * without etcd's pace.</li>
 * <li>Live: the bare watch and an {@code @EtcdWatch} method on the same burst while it is
 * written, from the first put to the last event: both bounded by the write rate.</li>
 * </ul>
 */
class WatchThroughputMeasurement {

	private static final int EVENTS = 10_000;

	private static final int ROUNDS = 13;

	private static final int WARM_UP = 3;

	/** Counts events behind a gate; the work per event is the same for every kind. */
	static final class Counter {

		final CountDownLatch gate = new CountDownLatch(1);

		final CountDownLatch done = new CountDownLatch(1);

		final AtomicInteger count = new AtomicInteger();

		void add(long revision) throws InterruptedException {
			this.gate.await();
			if (this.count.incrementAndGet() == EVENTS) {
				this.done.countDown();
			}
		}

		void await() throws InterruptedException {
			if (!this.done.await(2, TimeUnit.MINUTES)) {
				throw new IllegalStateException("only " + this.count + " events arrived");
			}
		}

	}

	static class MethodListener {

		final Counter counter = new Counter();

		@EtcdWatch(id = "method", key = "${test.prefix}", prefix = true)
		void onEvent(@EtcdKey String key, String value, @EtcdRevision long revision) throws InterruptedException {
			this.counter.add(revision);
		}

	}

	static class BatchListener {

		final Counter counter = new Counter();

		@EtcdWatch(id = "batch", key = "${test.prefix}", prefix = true)
		void onEvents(List<WatchEvent> events) throws InterruptedException {
			for (WatchEvent event : events) {
				this.counter.add(event.revision());
			}
		}

	}

	@Test
	void measure() throws Exception {
		Logger.getLogger("").setLevel(Level.WARNING);
		try (EtcdCluster etcd = EtcdCluster.builder().start();
				EtcdClient client = EtcdClient.builder().endpoints(etcd.clientEndpoints()).build()) {
			Map<String, List<Double>> rates = new LinkedHashMap<>();
			for (int round = 0; round < ROUNDS; round++) {
				String prefix = "bench/" + round + "/";
				record(rates, round, "drain: bare client watch", drainBare(client, prefix + "bare/"));
				record(rates, round, "drain: EtcdWatchContainer (WatchEvent listener)",
						drainContainer(etcd, client, prefix + "container/"));
				record(rates, round, "drain: @EtcdWatch method (key, value, revision)",
						drainAnnotated(etcd, client, prefix + "method/", MethodListener.class));
				record(rates, round, "drain: @EtcdWatch batch method (List<WatchEvent>)",
						drainAnnotated(etcd, client, prefix + "batch/", BatchListener.class));
				live(etcd, client, prefix + "live/", round, rates);
			}
			System.out.printf("@@ %d events per run, %d runs after %d warm-up runs; median events/s (min-max)%n",
					EVENTS, ROUNDS - WARM_UP, WARM_UP);
			rates.forEach((kind, values) -> {
				List<Double> sorted = new ArrayList<>(values);
				sorted.sort(null);
				System.out.printf("@@ %-55s %,9.0f  (%,.0f-%,.0f)%n", kind, sorted.get(sorted.size() / 2),
						sorted.get(0), sorted.get(sorted.size() - 1));
			});
		}
	}

	private static void record(Map<String, List<Double>> rates, int round, String kind, double rate) {
		if (round >= WARM_UP) {
			rates.computeIfAbsent(kind, (k) -> new ArrayList<>()).add(rate);
		}
	}

	private static double rate(long startNanos) {
		return EVENTS / ((System.nanoTime() - startNanos) / 1e9);
	}

	/** Writes 10,000 puts, 64 in flight. */
	private static void burst(EtcdClient client, String prefix) throws InterruptedException {
		Semaphore permits = new Semaphore(64);
		for (int i = 0; i < EVENTS; i++) {
			permits.acquire();
			client.kv().put(prefix + (i % 100), Integer.toString(i)).whenComplete((r, e) -> permits.release());
		}
		permits.acquire(64);
	}

	/**
	 * Writes the burst, waits until the client has it all (seen by a bare watch), opens
	 * the gate.
	 */
	private static double drain(EtcdClient client, String prefix, Counter counter) throws InterruptedException {
		CountDownLatch probed = new CountDownLatch(EVENTS);
		try (Watch probe = client.watch()
			.watch(KeyRange.prefix(prefix), (response) -> response.events().forEach((e) -> probed.countDown()))) {
			probe.created().join();
			burst(client, prefix);
			if (!probed.await(2, TimeUnit.MINUTES)) {
				throw new IllegalStateException("the probe saw only part of the burst");
			}
			long start = System.nanoTime();
			counter.gate.countDown();
			counter.await();
			return rate(start);
		}
	}

	private static double drainBare(EtcdClient client, String prefix) throws InterruptedException {
		Counter counter = new Counter();
		try (Watch watch = client.watch().watch(KeyRange.prefix(prefix), (response) -> {
			try {
				for (WatchEvent event : response.events()) {
					counter.add(event.revision());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		})) {
			watch.created().join();
			return drain(client, prefix, counter);
		}
	}

	private static double drainContainer(EtcdCluster etcd, EtcdClient client, String prefix)
			throws InterruptedException {
		try (AnnotationConfigApplicationContext context = WatchContexts.start(etcd.clientEndpoints(), prefix)) {
			Counter counter = new Counter();
			context.getBean(EtcdWatchRegistry.class)
				.registerEndpoint(EtcdWatchEndpoint.builder("container", KeyRange.prefix(prefix))
					.listener((event) -> counter.add(event.revision()))
					.build());
			return drain(client, prefix, counter);
		}
	}

	private static double drainAnnotated(EtcdCluster etcd, EtcdClient client, String prefix, Class<?> listener)
			throws InterruptedException {
		try (AnnotationConfigApplicationContext context = WatchContexts.start(etcd.clientEndpoints(), prefix,
				listener)) {
			Object bean = context.getBean(listener);
			Counter counter = (bean instanceof MethodListener method) ? method.counter : ((BatchListener) bean).counter;
			return drain(client, prefix, counter);
		}
	}

	/**
	 * The bare watch and an {@code @EtcdWatch} method on the same burst, while it is
	 * written.
	 */
	private static void live(EtcdCluster etcd, EtcdClient client, String prefix, int round,
			Map<String, List<Double>> rates) throws InterruptedException {
		try (AnnotationConfigApplicationContext context = WatchContexts.start(etcd.clientEndpoints(), prefix,
				MethodListener.class)) {
			Counter listener = context.getBean(MethodListener.class).counter;
			listener.gate.countDown();
			Counter bare = new Counter();
			bare.gate.countDown();
			try (Watch watch = client.watch().watch(KeyRange.prefix(prefix), (response) -> {
				try {
					for (WatchEvent event : response.events()) {
						bare.add(event.revision());
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			})) {
				watch.created().join();
				long start = System.nanoTime();
				burst(client, prefix);
				bare.await();
				record(rates, round, "live: bare client watch (first put to last event)", rate(start));
				listener.await();
				record(rates, round, "live: @EtcdWatch method (first put to last event)", rate(start));
			}
		}
	}

}
