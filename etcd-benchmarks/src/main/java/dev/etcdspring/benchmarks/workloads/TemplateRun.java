package dev.etcdspring.benchmarks.workloads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.kv.KvClient;
import dev.etcdspring.core.EtcdTemplate;
import dev.etcdspring.core.convert.DefaultEtcdValueConverter;

import org.springframework.boot.convert.ApplicationConversionService;

/**
 * {@code EtcdTemplate} against our bare client, in the ours worker: a fixed number of
 * threads each calls {@code put(String, …)} or {@code get(String)} in a loop and blocks
 * on every call, either through the template or on the client's future ({@code join()}),
 * reading from the answer what the template reads (the revision; the value as a string).
 * The client is the worker's, so both modes share its connection and warmed-up code.
 *
 * <p>
 * The keys ({@value #KEYS} of them, {@code bench/template/00000…}) hold a text value of
 * the dataset's size, written once by {@link Keys}, before the first window. Each window
 * is a {@link WindowRun} whose workers are the caller threads, caller {@code i} owning
 * the keys congruent to {@code i}.
 */
final class TemplateRun extends WindowRun<TemplateResult> {

	/** Keys the calls go to. */
	static final int KEYS = 1_000;

	private final Keys keys;

	private final String op;

	private final String mode;

	private final int threads;

	private final Call call;

	/**
	 * A window of calls.
	 * @param keys the keys, the template and the client
	 * @param op {@code put} or {@code get}
	 * @param mode {@code bare} or {@code template}
	 * @param threads caller threads (at most {@value #KEYS})
	 * @param warmup time before the window
	 * @param window the measured time
	 * @param maxOps at most this many calls in all
	 * @param meters the CPU and allocation counters
	 */
	TemplateRun(Keys keys, String op, String mode, int threads, Duration warmup, Duration window, long maxOps,
			Meters meters) {
		super(meters, threads, warmup, window, maxOps);
		if (threads < 1 || threads > KEYS) {
			throw new IllegalArgumentException("Threads must be between 1 and " + KEYS + ", was " + threads);
		}
		this.keys = keys;
		this.op = op;
		this.mode = mode;
		this.threads = threads;
		this.call = keys.call(op, mode);
	}

	@Override
	void startWorkers() {
		List<Caller> callers = new ArrayList<>();
		for (int i = 0; i < this.threads; i++) {
			callers.add(new Caller(i));
		}
		for (Caller caller : callers) {
			Thread thread = new Thread(caller, "template-" + this.mode + "-" + caller.first);
			thread.setDaemon(true);
			thread.start();
		}
	}

	@Override
	String describe() {
		return this.mode + " " + this.op + " callers";
	}

	@Override
	TemplateResult result(Usage usage, Outcome outcome) {
		return new TemplateResult(this.op, this.mode, this.threads, usage, outcome);
	}

	/** One caller thread: its keys are those congruent to its number. */
	private final class Caller implements Runnable {

		private final Tally tally = tally();

		private final int first;

		Caller(int first) {
			this.first = first;
		}

		@Override
		public void run() {
			try {
				int key = this.first;
				for (long sent = 0; !shouldStop(sent); sent++) {
					long start = System.nanoTime();
					boolean expected = false;
					Throwable error = null;
					try {
						expected = TemplateRun.this.call.call(TemplateRun.this.keys.key(key));
					}
					catch (RuntimeException ex) {
						error = ex;
					}
					count(this.tally, start, expected, error);
					key += TemplateRun.this.threads;
					if (key >= KEYS) {
						key = this.first;
					}
				}
			}
			finally {
				workerDone();
			}
		}

	}

	/**
	 * The template part's keys, with the template and the client they are called through:
	 * made once per worker, when the part first runs, shared by its windows.
	 */
	static final class Keys {

		private final KvClient kv;

		private final EtcdTemplate template;

		private final String[] keys = new String[KEYS];

		private final String value;

		/**
		 * Builds the template over the client, as the auto-configuration would without
		 * Jackson, and writes the keys.
		 * @param client our client
		 * @param valueSize characters per value
		 * @throws InterruptedException if interrupted while writing the keys
		 */
		Keys(EtcdClient client, int valueSize) throws InterruptedException {
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
			Waits.sendAll(KEYS, 16, (i) -> this.kv.put(this.keys[i], this.value), "Writing the template keys");
		}

		/**
		 * One of the keys.
		 * @param index from 0 to {@value TemplateRun#KEYS} - 1
		 * @return the key
		 */
		String key(int index) {
			return this.keys[index];
		}

		/**
		 * The synchronous call of an op and mode.
		 * @param op {@code put} or {@code get}
		 * @param mode {@code bare} or {@code template}
		 * @return the call
		 */
		Call call(String op, String mode) {
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

	}

	/** One synchronous call. */
	@FunctionalInterface
	interface Call {

		/**
		 * Calls etcd and waits for the answer.
		 * @param key the key
		 * @return whether the answer is the expected one
		 */
		boolean call(String key);

	}

}
