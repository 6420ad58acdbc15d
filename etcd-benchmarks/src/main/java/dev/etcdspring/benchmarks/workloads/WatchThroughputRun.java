package dev.etcdspring.benchmarks.workloads;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.etcdspring.benchmarks.clients.BenchClient;
import dev.etcdspring.benchmarks.clients.RawStubsBenchClient;
import dev.etcdspring.benchmarks.clients.WatchSink;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * One watch-throughput run in a worker ({@link MeasuredRun}): the client under test
 * watches a fresh prefix while a writer puts one new key after another under it, with a
 * fixed number of puts in flight, until every key is written once. The measured stretch
 * begins with the first put and ends when the watcher has seen an event for every key (or
 * after a timeout). The writer is the same for every client (see {@link Measurements}),
 * so that the differences between clients come from their watchers.
 *
 * <p>
 * Bounded: the writer sends each key once and stops sending past {@link #WRITE_TIMEOUT};
 * the wait for events ends {@link #EVENT_TIMEOUT} after the writer finished.
 */
final class WatchThroughputRun extends MeasuredRun<WatchThroughputResult> {

	private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(30);

	/** Longest the writer keeps sending. */
	static final Duration WRITE_TIMEOUT = Duration.ofSeconds(180);

	/** Longest the watcher may lag behind the writer. */
	static final Duration EVENT_TIMEOUT = Duration.ofSeconds(60);

	private final BenchClient client;

	private final BenchClient writer;

	private final String clientId;

	private final byte[] prefix;

	private final byte[][] keys;

	private final byte[] value;

	private final int writers;

	/** When each key's put was sent: written by the writer's lanes, read by the sink. */
	private final AtomicLongArray sent;

	private final Sink sink;

	private @Nullable AutoCloseable watch;

	/** The writer's CPU time by thread when the stretch began. */
	private Map<Long, Long> writerStart = Map.of();

	/** {@link System#nanoTime()} at the first put. */
	private long first;

	/** {@link System#nanoTime()} at the last put's acknowledgement. */
	private long lastAck;

	private long putErrors;

	private boolean allSeen;

	/**
	 * A run.
	 * @param client the client whose watch is measured
	 * @param writer the client that puts the keys
	 * @param clientId the id of the client under test
	 * @param prefix the run's own prefix
	 * @param count keys to put under it
	 * @param value the value of every put
	 * @param writers puts in flight
	 * @param meters the CPU and allocation counters
	 */
	WatchThroughputRun(BenchClient client, BenchClient writer, String clientId, String prefix, int count, byte[] value,
			int writers, Meters meters) {
		super(meters);
		this.client = client;
		this.writer = writer;
		this.clientId = clientId;
		this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
		this.keys = WatchKeys.keys(prefix, count);
		this.value = value;
		this.writers = Math.min(writers, count);
		this.sent = new AtomicLongArray(count);
		this.sink = new Sink();
	}

	/** Opens the watch and waits for its creation. */
	@Override
	boolean prepare() throws InterruptedException {
		this.watch = this.client.watcher(this.sink).watch(this.prefix, true);
		if (!this.sink.created.await(CREATE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
			fail("The watch was not created within " + CREATE_TIMEOUT);
			return false;
		}
		String failure = this.sink.failure();
		if (failure != null) {
			fail("The watch failed: " + failure);
			return false;
		}
		return true;
	}

	/** Writes the keys, then waits for their events. */
	@Override
	void measure() throws InterruptedException {
		this.writerStart = writerCpu();
		this.first = System.nanoTime();
		long deadline = this.first + WRITE_TIMEOUT.toNanos();
		CountDownLatch lanesDone = new CountDownLatch(this.writers);
		List<Lane> lanes = new ArrayList<>();
		for (int i = 0; i < this.writers; i++) {
			lanes.add(new Lane(i, deadline, lanesDone));
		}
		lanes.forEach(Lane::start);
		boolean written = lanesDone.await(WRITE_TIMEOUT.plusSeconds(30).toNanos(), TimeUnit.NANOSECONDS);
		this.lastAck = this.first;
		long sentCount = 0;
		for (Lane lane : lanes) {
			this.putErrors += lane.errors;
			this.lastAck = Math.max(this.lastAck, lane.lastAck);
			sentCount += lane.sentCount;
		}
		if (!written) {
			fail("the writer did not finish within " + WRITE_TIMEOUT.plusSeconds(30));
		}
		else if (sentCount < this.keys.length) {
			fail("the writer sent only " + sentCount + " of " + this.keys.length + " puts within " + WRITE_TIMEOUT);
		}
		this.allSeen = this.sink.awaitDistinct(sentCount - this.putErrors, EVENT_TIMEOUT);
	}

	@Override
	WatchThroughputResult result(Usage usage) {
		long writerCpu = Meters.sinceByThread(this.writerStart, writerCpu());
		synchronized (this.sink) {
			if (this.sink.failure != null) {
				fail("the watch failed: " + this.sink.failure);
			}
			if (!this.allSeen) {
				fail("received " + this.sink.distinct + " of " + this.keys.length + " keys' events within "
						+ EVENT_TIMEOUT + " after the last put");
			}
			long lastEvent = (this.sink.received > 0) ? this.sink.lastEventNanos : this.first + usage.nanos();
			return new WatchThroughputResult(this.clientId, this.keys.length, this.writers, lastEvent - this.first,
					lastEvent - this.lastAck, this.sink.received, this.sink.distinct, this.sink.duplicates,
					this.sink.outOfOrder, this.sink.badEvents, this.putErrors, writerCpu, usage, this.sink.delay.copy(),
					error());
		}
	}

	@Override
	WatchThroughputResult failed(String error) {
		return WatchThroughputResult.failed(this.clientId, this.keys.length, this.writers, error);
	}

	@Override
	void close() {
		AutoCloseable watch = this.watch;
		if (watch != null) {
			try {
				watch.close();
			}
			catch (Exception ex) {
				System.getLogger(WatchThroughputRun.class.getName()).log(Level.WARNING, "Closing the watch failed", ex);
			}
		}
	}

	private Map<Long, Long> writerCpu() {
		return meters().threadCpuNanos(RawStubsBenchClient.OWN_THREADS);
	}

	/**
	 * What the watcher received. Its methods hold its monitor: a single watch calls them
	 * one at a time, so the lock is never contended, and every client pays the same for
	 * it.
	 */
	private final class Sink implements WatchSink {

		final CountDownLatch created = new CountDownLatch(1);

		final BitSet seen = new BitSet(WatchThroughputRun.this.keys.length);

		final Histogram delay = Outcome.histogram();

		long received;

		long distinct;

		long duplicates;

		long outOfOrder;

		long badEvents;

		long lastRevision;

		long lastEventNanos;

		long target = Long.MAX_VALUE;

		@Nullable String failure;

		@Override
		public void created() {
			this.created.countDown();
		}

		@Override
		public synchronized void event(int key, long modRevision, int valueSize) {
			long now = System.nanoTime();
			this.received++;
			this.lastEventNanos = now;
			if (modRevision <= this.lastRevision) {
				this.outOfOrder++;
			}
			this.lastRevision = Math.max(this.lastRevision, modRevision);
			if (key < 0 || key >= WatchThroughputRun.this.keys.length
					|| valueSize != WatchThroughputRun.this.value.length) {
				this.badEvents++;
				return;
			}
			if (this.seen.get(key)) {
				this.duplicates++;
				return;
			}
			this.seen.set(key);
			this.distinct++;
			this.delay.recordValue(Outcome.clamp(now - WatchThroughputRun.this.sent.get(key)));
			if (this.distinct >= this.target) {
				notifyAll();
			}
		}

		@Override
		public synchronized void failed(Throwable error) {
			if (this.failure == null) {
				this.failure = String.valueOf(error);
			}
			this.created.countDown();
			notifyAll();
		}

		synchronized @Nullable String failure() {
			return this.failure;
		}

		/**
		 * Waits until {@code count} distinct keys were seen, the watch failed, or the
		 * timeout passed.
		 */
		synchronized boolean awaitDistinct(long count, Duration timeout) throws InterruptedException {
			this.target = count;
			return Waits.until(this, timeout, () -> this.distinct >= count || this.failure != null)
					&& this.distinct >= count;
		}

	}

	/**
	 * One chain of puts: keys {@code number}, {@code number + writers}, … each sent from
	 * the previous one's completion.
	 */
	private final class Lane extends RequestChain {

		private final long deadline;

		private final CountDownLatch done;

		private int next;

		private long sentCount;

		private long lastAck;

		private long errors;

		Lane(int number, long deadline, CountDownLatch done) {
			this.next = number;
			this.deadline = deadline;
			this.done = done;
		}

		@Override
		boolean hasNext() {
			return this.next < WatchThroughputRun.this.keys.length && System.nanoTime() - this.deadline <= 0;
		}

		@Override
		CompletableFuture<?> next() {
			int key = this.next;
			this.next += WatchThroughputRun.this.writers;
			this.sentCount++;
			WatchThroughputRun.this.sent.set(key, System.nanoTime());
			return WatchThroughputRun.this.writer.put(WatchThroughputRun.this.keys[key], WatchThroughputRun.this.value);
		}

		@Override
		void completed(long startNanos, @Nullable Object result, @Nullable Throwable error) {
			this.lastAck = System.nanoTime();
			if (error != null) {
				this.errors++;
				fail("put failed: " + error);
			}
		}

		@Override
		void finished() {
			this.done.countDown();
		}

	}

}
