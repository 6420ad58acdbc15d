package dev.etcdspring.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.kv.KvClient;
import dev.etcdspring.core.EtcdTemplate;
import dev.etcdspring.core.convert.DefaultEtcdValueConverter;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.ApplicationConversionService;

/**
 * {@code EtcdTemplate} against our bare client, in the ours worker: a fixed number of threads each
 * calls {@code put(String, …)} or {@code get(String)} in a loop and blocks on every call, either
 * through the template or on the client's future ({@code join()}), reading from the answer what the
 * template reads (the revision; the value as a string). The client is the worker's, so both modes
 * share its connection and warmed-up code.
 *
 * <p>The keys ({@value #KEYS} of them, {@code bench/template/00000…}) hold a text value of the
 * dataset's size, written once before the first window. Bounded in time and count, like
 * {@link LoadRun}.
 */
final class TemplateRun {

	/** Keys the calls go to. */
	static final int KEYS = 1_000;

	private static final int WARMUP = 0;

	private static final int MEASURE = 1;

	private static final int STOP = 2;

	private static final long LOWEST_NANOS = 1_000;

	private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);

	private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

	private final KvClient kv;

	private final EtcdTemplate template;

	private final String[] keys = new String[KEYS];

	private final String value;

	private volatile int phase;

	/**
	 * Builds the template over the client, as the auto-configuration would without Jackson, and
	 * writes the keys.
	 * @param client our client
	 * @param valueSize characters per value
	 * @throws InterruptedException if interrupted while writing the keys
	 */
	TemplateRun(EtcdClient client, int valueSize) throws InterruptedException {
		this.kv = client.kv();
		this.template = new EtcdTemplate(client,
				new DefaultEtcdValueConverter(ApplicationConversionService.getSharedInstance()));
		Random random = new Random(42);
		StringBuilder text = new StringBuilder(valueSize);
		for (int i = 0; i < valueSize; i++) {
			text.append((char) ('a' + random.nextInt(26)));
		}
		this.value = text.toString();
		for (int i = 0; i < KEYS; i++) {
			this.keys[i] = String.format("bench/template/%05d", i);
		}
		preload();
	}

	private void preload() throws InterruptedException {
		Semaphore permits = new Semaphore(16);
		AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
		for (String key : this.keys) {
			if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Writing the template keys stalled");
			}
			this.kv.put(key, this.value).whenComplete((result, error) -> {
				if (error != null) {
					failure.compareAndSet(null, error);
				}
				permits.release();
			});
		}
		if (!permits.tryAcquire(16, 30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("Writing the template keys stalled");
		}
		Throwable error = failure.get();
		if (error != null) {
			throw new IllegalStateException("Could not write the template keys", error);
		}
	}

	/**
	 * Runs a warm-up and a measured window.
	 * @param op {@code put} or {@code get}
	 * @param mode {@code bare} or {@code template}
	 * @param threads caller threads (at most {@value #KEYS})
	 * @param warmup time before the window
	 * @param window the measured time
	 * @param maxOps at most this many calls in all
	 * @param meters CPU and allocation counters
	 * @return the window's counters
	 * @throws InterruptedException if interrupted while waiting
	 */
	TemplateResult run(String op, String mode, int threads, Duration warmup, Duration window, long maxOps,
			Meters meters) throws InterruptedException {
		Call call = call(op, mode);
		if (threads < 1 || threads > KEYS) {
			throw new IllegalArgumentException("Threads must be between 1 and " + KEYS + ", was " + threads);
		}
		this.phase = WARMUP;
		long hardDeadline = System.nanoTime() + warmup.plus(window).multipliedBy(2).plusSeconds(5).toNanos();
		CountDownLatch done = new CountDownLatch(threads);
		List<Caller> callers = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			Caller caller = new Caller(i, threads, call, Math.max(1, maxOps / threads), hardDeadline, done);
			callers.add(caller);
			Thread thread = new Thread(caller, "template-" + mode + "-" + i);
			thread.setDaemon(true);
			thread.start();
		}
		done.await(warmup.toNanos(), TimeUnit.NANOSECONDS);
		Meters.Snapshot start = meters.snapshot();
		this.phase = MEASURE;
		done.await(window.toNanos(), TimeUnit.NANOSECONDS);
		this.phase = STOP;
		Meters.Snapshot end = meters.snapshot();
		if (!done.await(JOIN_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
			throw new IllegalStateException(done.getCount() + " of " + threads + " " + mode + " " + op
					+ " callers did not return within " + JOIN_TIMEOUT + " after the window");
		}
		Histogram latency = new Histogram(LOWEST_NANOS, HIGHEST_NANOS, 3);
		long ops = 0;
		long unexpected = 0;
		long errors = 0;
		String firstError = "";
		for (Caller caller : callers) {
			latency.add(caller.latency);
			ops += caller.ops;
			unexpected += caller.unexpected;
			errors += caller.errors;
			if (firstError.isEmpty() && caller.firstError != null) {
				firstError = caller.firstError;
			}
		}
		return new TemplateResult(op, mode, threads, end.nanoTime() - start.nanoTime(), ops, unexpected, errors,
				end.processCpuNanos() - start.processCpuNanos(), end.allocatedSince(start), latency, firstError);
	}

	private Call call(String op, String mode) {
		boolean template = switch (mode) {
			case "template" -> true;
			case "bare" -> false;
			default -> throw new IllegalArgumentException("Unknown mode '" + mode + "': use bare or template");
		};
		int size = this.value.length();
		return switch (op) {
			case "put" -> template ? (key) -> this.template.put(key, this.value) > 0
					: (key) -> this.kv.put(key, this.value).join().header().revision() > 0;
			case "get" -> template ? (key) -> this.template.get(key).map(String::length).orElse(-1) == size
					: (key) -> valueLength(this.kv.get(key).join().first()) == size;
			default -> throw new IllegalArgumentException("Unknown template op '" + op + "': use put or get");
		};
	}

	private static int valueLength(Optional<KeyValue> kv) {
		return kv.map(KeyValue::valueAsString).map(String::length).orElse(-1);
	}

	/** One synchronous call. */
	@FunctionalInterface
	private interface Call {

		/**
		 * Calls etcd and waits for the answer.
		 * @param key the key
		 * @return whether the answer is the expected one
		 */
		boolean call(String key);

	}

	/** One caller thread: its keys are those congruent to its number. */
	private final class Caller implements Runnable {

		private final int first;

		private final int step;

		private final Call call;

		private final long maxOps;

		private final long hardDeadline;

		private final CountDownLatch done;

		private final Histogram latency = new Histogram(LOWEST_NANOS, HIGHEST_NANOS, 3);

		private long ops;

		private long unexpected;

		private long errors;

		private @Nullable String firstError;

		Caller(int first, int step, Call call, long maxOps, long hardDeadline, CountDownLatch done) {
			this.first = first;
			this.step = step;
			this.call = call;
			this.maxOps = maxOps;
			this.hardDeadline = hardDeadline;
			this.done = done;
		}

		@Override
		public void run() {
			try {
				int key = this.first;
				for (long sent = 0; sent < this.maxOps; sent++) {
					if (TemplateRun.this.phase == STOP || System.nanoTime() - this.hardDeadline > 0) {
						return;
					}
					long start = System.nanoTime();
					boolean expected = false;
					Throwable error = null;
					try {
						expected = this.call.call(TemplateRun.this.keys[key]);
					}
					catch (RuntimeException ex) {
						error = ex;
					}
					long elapsed = System.nanoTime() - start;
					key += this.step;
					if (key >= KEYS) {
						key = this.first;
					}
					if (error != null && this.firstError == null) {
						this.firstError = error.toString();
					}
					if (TemplateRun.this.phase != MEASURE) {
						continue;
					}
					if (error != null) {
						this.errors++;
						continue;
					}
					this.ops++;
					if (!expected) {
						this.unexpected++;
					}
					this.latency.recordValue(Math.min(Math.max(elapsed, LOWEST_NANOS), HIGHEST_NANOS));
				}
			}
			finally {
				this.done.countDown();
			}
		}

	}

}
