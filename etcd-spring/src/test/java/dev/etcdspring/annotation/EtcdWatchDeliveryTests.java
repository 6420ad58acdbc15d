package dev.etcdspring.annotation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.etcdspring.annotation.WatchContexts.Seen;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.watch.WatchEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An initial load against concurrent writers, and a burst of 10,000 puts. */
class EtcdWatchDeliveryTests extends WatchTestSupport {

	private final ExecutorService writers = Executors.newSingleThreadExecutor();

	@AfterEach
	void stopWriters() throws InterruptedException {
		this.writers.shutdownNow();
		this.writers.awaitTermination(1, TimeUnit.MINUTES);
	}

	static class InitialLoad {

		private final Seen seen;

		InitialLoad(Seen seen) {
			this.seen = seen;
		}

		@EtcdWatch(key = "${test.prefix}", prefix = true, initialLoad = true, prevKv = true)
		void onEvent(WatchEvent event) {
			this.seen.events.add(event);
		}

	}

	@Test
	void theInitialLoadHasNoGapAndNoDuplicateWhileOthersWrite() throws Exception {
		int keys = 20;
		for (int k = 0; k < keys; k++) {
			client.kv().put(this.p + k, "created").join();
		}
		// revision -> "key=value" of every write, from one writer that goes on while the
		// context starts
		Map<Long, String> writes = new ConcurrentHashMap<>();
		AtomicInteger written = new AtomicInteger();
		AtomicBoolean stop = new AtomicBoolean();
		Future<?> writer = this.writers.submit(() -> {
			for (int i = 0; i < 100_000 && !stop.get(); i++) {
				String key = this.p + (i % keys);
				long revision = client.kv().put(key, Integer.toString(i)).join().header().revision();
				writes.put(revision, key + "=" + i);
				written.incrementAndGet();
			}
		});
		await().atMost(Duration.ofMinutes(1)).until(() -> written.get() >= 200);
		try (AnnotationConfigApplicationContext context = start(InitialLoad.class)) {
			int atStart = written.get();
			await().atMost(Duration.ofMinutes(1)).until(() -> written.get() >= atStart + 300);
			stop.set(true);
			writer.get(1, TimeUnit.MINUTES);
			long last = writes.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
			Seen seen = context.getBean(Seen.class);
			await().atMost(Duration.ofMinutes(1))
				.until(() -> !seen.events.isEmpty() && seen.events.get(seen.events.size() - 1).revision() == last);

			// the initial load: every key once, as PUT without a previous value, with the
			// value written at
			// its revision; watched changes all carry a previous value (every key existed
			// before)
			List<WatchEvent> initial = seen.events.stream().filter((e) -> e.prevKv().isEmpty()).toList();
			assertThat(initial).hasSize(keys);
			assertThat(seen.events.subList(0, keys)).as("the initial load comes first").isEqualTo(initial);
			assertThat(initial).allMatch((e) -> e.type() == WatchEvent.Type.PUT);
			assertThat(initial.stream().map((e) -> e.kv().keyAsString()).distinct()).hasSize(keys);
			for (WatchEvent event : initial) {
				String value = writes.getOrDefault(event.revision(), event.kv().keyAsString() + "=created");
				assertThat(event.kv().keyAsString() + "=" + event.kv().valueAsString()).isEqualTo(value);
			}
			long loadedAt = initial.stream().mapToLong(WatchEvent::revision).max().orElseThrow();
			List<Long> watched = seen.events.subList(keys, seen.events.size())
				.stream()
				.map(WatchEvent::revision)
				.toList();
			List<Long> expected = writes.keySet().stream().filter((r) -> r > loadedAt).sorted().toList();
			assertThat(watched).as("every write after the load, once, in order").isEqualTo(expected);
		}
	}

	static class Burst {

		private final Seen seen;

		Burst(Seen seen) {
			this.seen = seen;
		}

		@EtcdWatch(key = "${test.prefix}", prefix = true)
		void onEvent(WatchEvent event) {
			this.seen.events.add(event);
		}

	}

	@Test
	void tenThousandPutsInABurstArriveInOrder() throws Exception {
		try (AnnotationConfigApplicationContext context = start(Burst.class)) {
			List<Long> revisions = burst(client, this.p, 10_000, 64);
			Seen seen = context.getBean(Seen.class);
			await().atMost(Duration.ofMinutes(2)).until(() -> seen.events.size() >= 10_000);
			assertThat(seen.events.stream().map(WatchEvent::revision).toList()).isEqualTo(revisions);
		}
	}

	/**
	 * Puts {@code count} values under a prefix (ten keys), {@code inFlight} at a time.
	 * @return the revisions of the puts, sorted
	 */
	static List<Long> burst(EtcdClient client, String prefix, int count, int inFlight) throws InterruptedException {
		Semaphore permits = new Semaphore(inFlight);
		List<Long> revisions = new CopyOnWriteArrayList<>();
		AtomicLong failures = new AtomicLong();
		for (int i = 0; i < count; i++) {
			assertThat(permits.tryAcquire(1, TimeUnit.MINUTES)).isTrue();
			client.kv().put(prefix + (i % 10), Integer.toString(i)).whenComplete((result, error) -> {
				if (error == null) {
					revisions.add(result.header().revision());
				}
				else {
					failures.incrementAndGet();
				}
				permits.release();
			});
		}
		assertThat(permits.tryAcquire(inFlight, 1, TimeUnit.MINUTES)).isTrue();
		assertThat(failures).hasValue(0);
		List<Long> sorted = new ArrayList<>(revisions);
		sorted.sort(null);
		return sorted;
	}

}
