package dev.etcdspring.client.reliability;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.watch.Watch;
import dev.etcdspring.client.watch.WatchListener;
import dev.etcdspring.client.watch.WatchResponse;
import dev.etcdspring.test.EtcdCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 64 writers and 1,000 watchers on one member, for {@code reliability.load.seconds} (120
 * by default, in CI too; see {@code docs/reliability.md}): no error, every write
 * delivered to its watcher once, the heap after GC at the end within 10% of the start, no
 * thread growth.
 *
 * <p>
 * Each writer writes under one of 1,000 prefixes in turn, each watcher watches one
 * prefix, so every write reaches exactly one watcher. Heap and threads are compared in
 * the same quiet state: writers idle, every event delivered, watches open.
 */
@Tag("reliability")
class LoadTests {

	private static final int WRITERS = 64;

	private static final int WATCHERS = 1_000;

	/** Upper bound of each writer's loop besides the time. */
	private static final long MAX_PUTS_PER_WRITER = 5_000_000;

	@Test
	void sixtyFourWritersAndAThousandWatchersLeaveHeapAndThreadsWhereTheyWere() throws Exception {
		Duration length = Duration.ofSeconds(Long.getLong("reliability.load.seconds", 120));
		ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
		try (EtcdCluster etcd = EtcdCluster.builder().start();
				EtcdClient client = EtcdClient.builder().endpoints(etcd.clientEndpoints()).build()) {
			Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
			LongAdder delivered = new LongAdder();
			LongAdder acked = new LongAdder();
			List<Watch> watches = new ArrayList<>();
			for (int i = 0; i < WATCHERS; i++) {
				watches.add(client.watch().watch(KeyRange.prefix("load/" + i + "/"), new WatchListener() {
					@Override
					public void onNext(WatchResponse response) {
						delivered.add(response.events().size());
					}

					@Override
					public void onError(EtcdException error) {
						errors.add(error);
					}
				}));
			}
			for (Watch watch : watches) {
				watch.created().join();
			}

			// warm-up, then the baseline in a quiet state
			runWriters(writers, client, Duration.ofSeconds(5), acked, errors);
			awaitDelivered(delivered, acked);
			long heapBefore = heapAfterGc();
			int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
			long ackedBefore = acked.sum();

			long started = System.nanoTime();
			runWriters(writers, client, length, acked, errors);
			long elapsed = System.nanoTime() - started;
			awaitDelivered(delivered, acked);
			long heapAfter = heapAfterGc();
			// extra callback workers, if any were added, retire once idle
			await("thread count back to the start").atMost(Duration.ofSeconds(60))
				.until(() -> ManagementFactory.getThreadMXBean().getThreadCount() <= threadsBefore);
			int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
			long puts = acked.sum() - ackedBefore;

			String test = "LoadTests (" + length.toSeconds() + " s)";
			Figures.record(test, "puts acknowledged, and per second",
					puts + ", " + (puts * 1_000_000_000L / elapsed) + "/s");
			Figures.record(test, "events delivered to 1,000 watchers (= puts)", Long.toString(delivered.sum()));
			Figures.record(test, "heap after GC, start / end", (heapBefore >> 20) + " MiB / " + (heapAfter >> 20)
					+ " MiB (" + String.format("%+.1f%%", 100.0 * (heapAfter - heapBefore) / heapBefore) + ")");
			Figures.record(test, "live threads, start / end", threadsBefore + " / " + threadsAfter);

			assertThat(errors).as("no error from any call or watch").isEmpty();
			assertThat(delivered.sum()).as("every write delivered once").isEqualTo(acked.sum());
			assertThat(watches).allSatisfy((w) -> assertThat(w.isActive()).isTrue());
			assertThat((double) heapAfter).as("heap after GC within 10% of the start (" + heapBefore + " bytes)")
				.isLessThanOrEqualTo(heapBefore * 1.10);
			assertThat(threadsAfter).as("no thread growth").isLessThanOrEqualTo(threadsBefore);
		}
		finally {
			writers.shutdownNow();
			writers.awaitTermination(1, TimeUnit.MINUTES);
		}
	}

	private static void runWriters(ExecutorService writers, EtcdClient client, Duration length, LongAdder acked,
			Queue<Throwable> errors) throws Exception {
		long until = System.nanoTime() + length.toNanos();
		AtomicLong sequence = new AtomicLong();
		List<Future<?>> running = new ArrayList<>();
		for (int w = 0; w < WRITERS; w++) {
			int writer = w;
			running.add(writers.submit(() -> {
				for (long n = 0; n < MAX_PUTS_PER_WRITER && System.nanoTime() - until < 0; n++) {
					long seq = sequence.getAndIncrement();
					try {
						client.kv().put("load/" + (seq % WATCHERS) + "/" + writer + "-" + n, "value-" + seq).join();
						acked.increment();
					}
					catch (RuntimeException ex) {
						errors.add(ex);
						return;
					}
				}
			}));
		}
		for (Future<?> writer : running) {
			writer.get(length.toSeconds() + 120, TimeUnit.SECONDS);
		}
	}

	private static void awaitDelivered(LongAdder delivered, LongAdder acked) {
		await("every acknowledged put delivered").atMost(Duration.ofSeconds(120))
			.until(() -> delivered.sum() >= acked.sum());
	}

	/** Used heap after full collections: the smallest of three readings. */
	private static long heapAfterGc() {
		long least = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}
		return least;
	}

}
