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
 * One watch-throughput run in a worker: the client under test watches a fresh prefix while a writer
 * puts one new key after another under it, with a fixed number of puts in flight, until every key
 * is written once. The run ends when the watcher has seen an event for every key (or after a
 * timeout). The writer is the same for every client (see {@link Measurements}), so that the
 * differences between clients come from their watchers.
 *
 * <p>Bounded: the writer sends each key once and stops sending past {@link #WRITE_TIMEOUT}; the
 * wait for events ends {@link #EVENT_TIMEOUT} after the writer finished.
 */
final class WatchThroughputRun {

	private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(30);

	/** Longest the writer keeps sending. */
	static final Duration WRITE_TIMEOUT = Duration.ofSeconds(180);

	/** Longest the watcher may lag behind the writer. */
	static final Duration EVENT_TIMEOUT = Duration.ofSeconds(60);

	/** Delays from 1 µs to 60 s, 3 significant digits. */
	private static final long LOWEST_NANOS = 1_000;

	private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);

	private final BenchClient client;

	private final BenchClient writer;

	private final String clientId;

	private final byte[] prefix;

	private final byte[][] keys;

	private final byte[] value;

	private final int writers;

	/** When each key's put was sent: written by the writer's lanes, read by the sink. */
	private final AtomicLongArray sent;

	/**
	 * A run.
	 * @param client the client whose watch is measured
	 * @param writer the client that puts the keys
	 * @param clientId the id of the client under test
	 * @param prefix the run's own prefix
	 * @param count keys to put under it
	 * @param value the value of every put
	 * @param writers puts in flight
	 */
	WatchThroughputRun(BenchClient client, BenchClient writer, String clientId, String prefix, int count, byte[] value,
			int writers) {
		this.client = client;
		this.writer = writer;
		this.clientId = clientId;
		this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
		this.keys = WatchKeys.keys(prefix, count);
		this.value = value;
		this.writers = Math.min(writers, count);
		this.sent = new AtomicLongArray(count);
	}

	/**
	 * Opens the watch, waits for its creation, writes the keys and waits for their events.
	 * @param meters CPU and allocation counters
	 * @return the result
	 * @throws InterruptedException if interrupted while waiting
	 */
	WatchThroughputResult run(Meters meters) throws InterruptedException {
		Sink sink = new Sink();
		AutoCloseable watch = this.client.watcher(sink).watch(this.prefix, true);
		try {
			if (!sink.created.await(CREATE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
				return failed("The watch was not created within " + CREATE_TIMEOUT);
			}
			String failure = sink.failure();
			if (failure != null) {
				return failed("The watch failed: " + failure);
			}
			Map<Long, Long> writerStart = meters.threadCpuNanos(RawStubsBenchClient.OWN_THREADS);
			Meters.Snapshot start = meters.snapshot();
			long first = System.nanoTime();
			long deadline = first + WRITE_TIMEOUT.toNanos();
			CountDownLatch lanesDone = new CountDownLatch(this.writers);
			List<Lane> lanes = new ArrayList<>();
			for (int i = 0; i < this.writers; i++) {
				lanes.add(new Lane(i, deadline, lanesDone));
			}
			lanes.forEach(Lane::send);
			boolean written = lanesDone.await(WRITE_TIMEOUT.plusSeconds(30).toNanos(), TimeUnit.NANOSECONDS);
			long putErrors = 0;
			long lastAck = first;
			long sentCount = 0;
			String error = "";
			for (Lane lane : lanes) {
				putErrors += lane.errors;
				lastAck = Math.max(lastAck, lane.lastAck);
				sentCount += lane.sentCount;
				if (error.isEmpty() && lane.firstError != null) {
					error = "put failed: " + lane.firstError;
				}
			}
			if (!written) {
				error = "the writer did not finish within " + WRITE_TIMEOUT.plusSeconds(30);
			}
			else if (sentCount < this.keys.length) {
				error = "the writer sent only " + sentCount + " of " + this.keys.length + " puts within " + WRITE_TIMEOUT;
			}
			boolean all = sink.awaitDistinct(sentCount - putErrors, EVENT_TIMEOUT);
			Meters.Snapshot end = meters.snapshot();
			long writerCpu = Meters.cpuSince(writerStart, meters.threadCpuNanos(RawStubsBenchClient.OWN_THREADS));
			synchronized (sink) {
				if (error.isEmpty() && sink.failure != null) {
					error = "the watch failed: " + sink.failure;
				}
				if (error.isEmpty() && !all) {
					error = "received " + sink.distinct + " of " + this.keys.length + " keys' events within "
							+ EVENT_TIMEOUT + " after the last put";
				}
				long lastEvent = (sink.received > 0) ? sink.lastEventNanos : end.nanoTime();
				return new WatchThroughputResult(this.clientId, this.keys.length, this.writers, lastEvent - first,
						lastEvent - lastAck, sink.received, sink.distinct, sink.duplicates, sink.outOfOrder,
						sink.badEvents, putErrors, end.processCpuNanos() - start.processCpuNanos(), writerCpu,
						end.etcdCpuNanos() - start.etcdCpuNanos(), end.jitMillis() - start.jitMillis(),
						end.allocatedSince(start), sink.delay.copy(), error);
			}
		}
		finally {
			try {
				watch.close();
			}
			catch (Exception ex) {
				System.getLogger(WatchThroughputRun.class.getName()).log(Level.WARNING, "Closing the watch failed", ex);
			}
		}
	}

	private WatchThroughputResult failed(String error) {
		return WatchThroughputResult.failed(this.clientId, this.keys.length, this.writers, error);
	}

	/**
	 * What the watcher received. Its methods hold its monitor: a single watch calls them one at a
	 * time, so the lock is never contended, and every client pays the same for it.
	 */
	private final class Sink implements WatchSink {

		final CountDownLatch created = new CountDownLatch(1);

		final BitSet seen = new BitSet(WatchThroughputRun.this.keys.length);

		final Histogram delay = new Histogram(LOWEST_NANOS, HIGHEST_NANOS, 3);

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
			long delay = now - WatchThroughputRun.this.sent.get(key);
			this.delay.recordValue(Math.min(Math.max(delay, LOWEST_NANOS), HIGHEST_NANOS));
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

		/** Waits until {@code count} distinct keys were seen, the watch failed, or the timeout passed. */
		synchronized boolean awaitDistinct(long count, Duration timeout) throws InterruptedException {
			this.target = count;
			long deadline = System.nanoTime() + timeout.toNanos();
			while (this.distinct < count && this.failure == null) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this, left);
			}
			return this.distinct >= count;
		}

	}

	/**
	 * One chain of puts: keys {@code number}, {@code number + writers}, … each sent from the
	 * previous one's completion. Its fields are touched by one put's completion at a time.
	 */
	private final class Lane {

		private final long deadline;

		private final CountDownLatch done;

		private int next;

		private long sentCount;

		private long lastAck;

		private long errors;

		private @Nullable String firstError;

		Lane(int number, long deadline, CountDownLatch done) {
			this.next = number;
			this.deadline = deadline;
			this.done = done;
		}

		void send() {
			while (true) {
				if (this.next >= WatchThroughputRun.this.keys.length || System.nanoTime() - this.deadline > 0) {
					this.done.countDown();
					return;
				}
				int key = this.next;
				this.next += WatchThroughputRun.this.writers;
				this.sentCount++;
				WatchThroughputRun.this.sent.set(key, System.nanoTime());
				CompletableFuture<?> reply;
				try {
					reply = WatchThroughputRun.this.writer.put(WatchThroughputRun.this.keys[key],
							WatchThroughputRun.this.value);
				}
				catch (RuntimeException ex) {
					reply = CompletableFuture.failedFuture(ex);
				}
				if (reply.isDone()) {
					reply.whenComplete((result, error) -> acknowledged(error));
					continue;
				}
				reply.whenComplete((result, error) -> {
					acknowledged(error);
					send();
				});
				return;
			}
		}

		private void acknowledged(@Nullable Throwable error) {
			this.lastAck = System.nanoTime();
			if (error != null) {
				this.errors++;
				if (this.firstError == null) {
					this.firstError = error.toString();
				}
			}
		}

	}

}
