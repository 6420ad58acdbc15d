package dev.etcdspring.benchmarks.workloads;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.etcdspring.benchmarks.clients.BenchClient;
import dev.etcdspring.benchmarks.clients.WatchSink;
import org.jspecify.annotations.Nullable;

/**
 * One watch-scale run in a worker ({@link MeasuredRun}): opens one watch per key on many
 * distinct keys (under a fresh prefix); the measured stretch lasts until the server
 * confirmed every one. Then it reads the heap they hold after garbage collection and the
 * threads they added, puts a few of the keys (through the shared writer), checks that
 * each of those watches saw its event and no other watch saw anything, and closes them.
 *
 * <p>
 * Everything the benchmark itself needs (keys, the array of watches, the sink) is
 * allocated before the first heap reading, so the heap difference is the client's.
 * Bounded: each wait has a timeout.
 */
final class WatchScaleRun extends MeasuredRun<WatchScaleResult> {

	/** Longest the watches may take to be confirmed created. */
	static final Duration OPEN_TIMEOUT = Duration.ofSeconds(60);

	/** Longest the probes' events may take to arrive. */
	static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

	/** Garbage collections before each heap reading. */
	private static final int COLLECTIONS = 3;

	private final BenchClient client;

	private final BenchClient writer;

	private final String clientId;

	private final byte[][] keys;

	private final int probes;

	private final byte[] value;

	private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final AutoCloseable[] watches;

	private final Sink sink;

	private final BenchClient.Watcher watcher;

	private long heapBefore;

	private int threadsBefore;

	private long[] threadIdsBefore = new long[0];

	private int opened;

	private long callNanos;

	private long openNanos;

	private boolean allCreated;

	private int created;

	private long heapAfter;

	private int threadsAfter;

	private String newThreads = "";

	private long deliveryNanos;

	private long closeNanos;

	/**
	 * A run.
	 * @param client the client under test
	 * @param writer the client that puts the probe keys
	 * @param clientId the id of the client under test
	 * @param prefix the run's own prefix
	 * @param count watches to open
	 * @param probes keys to put for the delivery check (at most {@code count})
	 * @param value the value of the probe puts
	 * @param meters the CPU and allocation counters
	 */
	WatchScaleRun(BenchClient client, BenchClient writer, String clientId, String prefix, int count, int probes,
			byte[] value, Meters meters) {
		super(meters);
		this.client = client;
		this.writer = writer;
		this.clientId = clientId;
		this.keys = WatchKeys.keys(prefix, count);
		this.probes = Math.min(probes, count);
		this.value = value;
		this.watches = new AutoCloseable[count];
		BitSet probeKeys = new BitSet(count);
		for (int i = 0; i < this.probes; i++) {
			probeKeys.set(probeKey(i));
		}
		this.sink = new Sink(count, probeKeys);
		this.watcher = client.watcher(this.sink);
	}

	/** Reads the heap and the threads before the watches. */
	@Override
	boolean prepare() {
		this.heapBefore = usedHeapAfterCollections();
		this.threadsBefore = this.threads.getThreadCount();
		this.threadIdsBefore = this.threads.getAllThreadIds();
		return true;
	}

	/** Opens the watches, and waits until the server confirmed every one. */
	@Override
	void measure() throws InterruptedException {
		long start = System.nanoTime();
		try {
			for (int i = 0; i < this.keys.length; i++) {
				this.watches[i] = this.watcher.watch(this.keys[i], false);
				this.opened++;
			}
		}
		catch (RuntimeException ex) {
			fail("watch " + this.opened + " could not be opened: " + ex);
		}
		this.callNanos = System.nanoTime() - start;
		this.allCreated = this.sink.awaitCreated(this.opened, OPEN_TIMEOUT) && this.opened == this.keys.length;
		this.openNanos = System.nanoTime() - start;
		this.created = this.sink.createdCount();
	}

	/**
	 * Reads the threads and the heap with the watches open, checks delivery, closes the
	 * watches.
	 */
	@Override
	void windDown() throws InterruptedException {
		String failure = this.sink.failure();
		if (failure != null) {
			fail("a watch failed: " + failure);
		}
		if (!this.allCreated) {
			fail(this.created + " of " + this.keys.length + " watches created within " + OPEN_TIMEOUT);
		}
		this.threadsAfter = this.threads.getThreadCount();
		this.newThreads = newThreads();
		this.heapAfter = usedHeapAfterCollections();
		this.threadsAfter = Math.max(this.threadsAfter, this.threads.getThreadCount());
		long deliveryStart = System.nanoTime();
		if (this.allCreated) {
			for (int i = 0; i < this.probes; i++) {
				this.writer.put(this.keys[probeKey(i)], this.value).whenComplete((result, error) -> {
					if (error != null) {
						this.sink.failed(error);
					}
				});
			}
			if (!this.sink.awaitProbes(this.probes, PROBE_TIMEOUT)) {
				failure = this.sink.failure();
				fail(this.sink.probesSeen() + " of " + this.probes + " probe events within " + PROBE_TIMEOUT
						+ ((failure != null) ? ": " + failure : ""));
			}
		}
		this.deliveryNanos = System.nanoTime() - deliveryStart;
		long closeStart = System.nanoTime();
		for (int i = 0; i < this.opened; i++) {
			try {
				this.watches[i].close();
			}
			catch (Exception ex) {
				fail("closing a watch failed: " + ex);
			}
		}
		this.closeNanos = System.nanoTime() - closeStart;
	}

	@Override
	WatchScaleResult result(Usage usage) {
		synchronized (this.sink) {
			return new WatchScaleResult(this.clientId, this.keys.length, this.created, this.callNanos, this.openNanos,
					this.heapBefore, this.heapAfter, this.threadsBefore, this.threadsAfter, this.newThreads,
					this.probes, this.sink.probesSeen, this.sink.stray, this.deliveryNanos, this.closeNanos, usage,
					error());
		}
	}

	/** Probe keys spread evenly over the key set. */
	private int probeKey(int probe) {
		return (int) ((long) probe * this.keys.length / this.probes);
	}

	/**
	 * The live threads not among those before, by name with numbers replaced by #, with
	 * counts.
	 */
	private String newThreads() {
		Set<Long> old = new HashSet<>();
		for (long id : this.threadIdsBefore) {
			old.add(id);
		}
		Map<String, Integer> names = new TreeMap<>();
		for (ThreadInfo info : this.threads.getThreadInfo(this.threads.getAllThreadIds())) {
			if (info != null && !old.contains(info.getThreadId())) {
				names.merge(info.getThreadName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
			}
		}
		return names.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + ((entry.getValue() > 1) ? " ×" + entry.getValue() : ""))
			.collect(Collectors.joining(", "));
	}

	/**
	 * Used heap after some full collections (System.gc() is a full, stop-the-world
	 * collection in G1).
	 */
	private long usedHeapAfterCollections() {
		for (int i = 0; i < COLLECTIONS; i++) {
			System.gc();
		}
		return this.memory.getHeapMemoryUsage().getUsed();
	}

	/**
	 * Counts creations and probe events of every watch; calls from different watches may
	 * overlap.
	 */
	private static final class Sink implements WatchSink {

		private final int count;

		private final BitSet probeKeys;

		private final BitSet seen;

		private int created;

		private int probesSeen;

		private long stray;

		private @Nullable String failure;

		Sink(int count, BitSet probeKeys) {
			this.count = count;
			this.probeKeys = probeKeys;
			this.seen = new BitSet(count);
		}

		@Override
		public synchronized void created() {
			this.created++;
			if (this.created >= this.count) {
				notifyAll();
			}
		}

		@Override
		public synchronized void event(int key, long modRevision, int valueSize) {
			if (key < 0 || !this.probeKeys.get(key) || this.seen.get(key)) {
				this.stray++;
				return;
			}
			this.seen.set(key);
			this.probesSeen++;
			notifyAll();
		}

		@Override
		public synchronized void failed(Throwable error) {
			if (this.failure == null) {
				this.failure = String.valueOf(error);
			}
			notifyAll();
		}

		synchronized int createdCount() {
			return this.created;
		}

		synchronized int probesSeen() {
			return this.probesSeen;
		}

		synchronized @Nullable String failure() {
			return this.failure;
		}

		/**
		 * Waits until {@code count} watches were created, one failed, or the timeout
		 * passed.
		 */
		boolean awaitCreated(int count, Duration timeout) throws InterruptedException {
			return Waits.until(this, timeout, () -> this.created >= count || this.failure != null)
					&& createdCount() >= count;
		}

		/**
		 * Waits until {@code count} probe events arrived, a watch failed, or the timeout
		 * passed.
		 */
		boolean awaitProbes(int count, Duration timeout) throws InterruptedException {
			return Waits.until(this, timeout, () -> this.probesSeen >= count || this.failure != null)
					&& probesSeen() >= count;
		}

	}

}
