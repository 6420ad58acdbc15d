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
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.etcdspring.benchmarks.clients.BenchClient;
import dev.etcdspring.benchmarks.clients.WatchSink;
import org.jspecify.annotations.Nullable;

/**
 * One watch-scale run in a worker: opens one watch per key on many distinct keys (under a fresh
 * prefix), measures how long until the server confirmed every one, the heap they hold after garbage
 * collection and the threads they added, then puts a few of the keys (through the shared writer)
 * and checks that each of those watches saw its event and no other watch saw anything.
 *
 * <p>Everything the benchmark itself needs (keys, the array of watches, the sink) is allocated
 * before the first heap reading, so the heap difference is the client's. Bounded: each wait has a
 * timeout.
 */
final class WatchScaleRun {

	static final Duration OPEN_TIMEOUT = Duration.ofSeconds(60);

	static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

	/** Garbage collections before each heap reading. */
	private static final int COLLECTIONS = 3;

	private final BenchClient client;

	private final BenchClient writer;

	private final String clientId;

	private final byte[][] keys;

	private final int probes;

	private final byte[] value;

	/**
	 * A run.
	 * @param client the client under test
	 * @param writer the client that puts the probe keys
	 * @param clientId the id of the client under test
	 * @param prefix the run's own prefix
	 * @param count watches to open
	 * @param probes keys to put for the delivery check (at most {@code count})
	 * @param value the value of the probe puts
	 */
	WatchScaleRun(BenchClient client, BenchClient writer, String clientId, String prefix, int count, int probes,
			byte[] value) {
		this.client = client;
		this.writer = writer;
		this.clientId = clientId;
		this.keys = WatchKeys.keys(prefix, count);
		this.probes = Math.min(probes, count);
		this.value = value;
	}

	/**
	 * Runs the measurement.
	 * @return the result
	 * @throws InterruptedException if interrupted while waiting
	 */
	WatchScaleResult run() throws InterruptedException {
		int count = this.keys.length;
		AutoCloseable[] watches = new AutoCloseable[count];
		BitSet probeKeys = new BitSet(count);
		for (int i = 0; i < this.probes; i++) {
			probeKeys.set(probeKey(i));
		}
		Sink sink = new Sink(count, probeKeys);
		BenchClient.Watcher watcher = this.client.watcher(sink);
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long heapBefore = usedHeapAfterCollections(memory);
		int threadsBefore = threads.getThreadCount();
		long[] threadIdsBefore = threads.getAllThreadIds();
		long start = System.nanoTime();
		int opened = 0;
		String error = "";
		try {
			for (int i = 0; i < count; i++) {
				watches[i] = watcher.watch(this.keys[i], false);
				opened++;
			}
		}
		catch (RuntimeException ex) {
			error = "watch " + opened + " could not be opened: " + ex;
		}
		long called = System.nanoTime();
		boolean allCreated = sink.awaitCreated(opened, OPEN_TIMEOUT) && opened == count;
		long openNanos = System.nanoTime() - start;
		int created = sink.createdCount();
		if (error.isEmpty() && sink.failure() != null) {
			error = "a watch failed: " + sink.failure();
		}
		if (error.isEmpty() && !allCreated) {
			error = created + " of " + count + " watches created within " + OPEN_TIMEOUT;
		}
		int threadsAfter = threads.getThreadCount();
		String newThreads = newThreads(threads, threadIdsBefore);
		long heapAfter = usedHeapAfterCollections(memory);
		threadsAfter = Math.max(threadsAfter, threads.getThreadCount());
		long deliveryStart = System.nanoTime();
		boolean delivered = false;
		if (allCreated) {
			for (int i = 0; i < this.probes; i++) {
				this.writer.put(this.keys[probeKey(i)], this.value).whenComplete((result, failure) -> {
					if (failure != null) {
						sink.failed(failure);
					}
				});
			}
			delivered = sink.awaitProbes(this.probes, PROBE_TIMEOUT);
		}
		long deliveryNanos = System.nanoTime() - deliveryStart;
		long closeStart = System.nanoTime();
		for (int i = 0; i < opened; i++) {
			try {
				watches[i].close();
			}
			catch (Exception ex) {
				if (error.isEmpty()) {
					error = "closing a watch failed: " + ex;
				}
			}
		}
		long closeNanos = System.nanoTime() - closeStart;
		synchronized (sink) {
			if (error.isEmpty() && allCreated && !delivered) {
				error = sink.probesSeen + " of " + this.probes + " probe events within " + PROBE_TIMEOUT
						+ ((sink.failure != null) ? ": " + sink.failure : "");
			}
			return new WatchScaleResult(this.clientId, count, created, called - start, openNanos, heapBefore, heapAfter,
					threadsBefore, threadsAfter, newThreads, this.probes, sink.probesSeen, sink.stray, deliveryNanos,
					closeNanos, error);
		}
	}

	/** Probe keys spread evenly over the key set. */
	private int probeKey(int probe) {
		return (int) ((long) probe * this.keys.length / this.probes);
	}

	/** The live threads not among the given ones, by name with numbers replaced by #, with counts. */
	private static String newThreads(ThreadMXBean threads, long[] before) {
		Set<Long> old = new HashSet<>();
		for (long id : before) {
			old.add(id);
		}
		Map<String, Integer> names = new TreeMap<>();
		for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
			if (info != null && !old.contains(info.getThreadId())) {
				names.merge(info.getThreadName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
			}
		}
		return names.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + ((entry.getValue() > 1) ? " ×" + entry.getValue() : ""))
			.collect(Collectors.joining(", "));
	}

	/** Used heap after some full collections (System.gc() is a full, stop-the-world collection in G1). */
	private static long usedHeapAfterCollections(MemoryMXBean memory) {
		for (int i = 0; i < COLLECTIONS; i++) {
			System.gc();
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

	/** Counts creations and probe events of every watch; calls from different watches may overlap. */
	private static final class Sink implements WatchSink {

		private final int count;

		private final BitSet probeKeys;

		private final BitSet seen;

		private int created;

		int probesSeen;

		long stray;

		@Nullable String failure;

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

		synchronized int createdCount() {
			return this.created;
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

		synchronized @Nullable String failure() {
			return this.failure;
		}

		/** Waits until {@code count} watches were created, one failed, or the timeout passed. */
		synchronized boolean awaitCreated(int count, Duration timeout) throws InterruptedException {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (this.created < count && this.failure == null) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this, left);
			}
			return this.created >= count;
		}

		synchronized boolean awaitProbes(int count, Duration timeout) throws InterruptedException {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (this.probesSeen < count && this.failure == null) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this, left);
			}
			return this.probesSeen >= count;
		}

	}

}
