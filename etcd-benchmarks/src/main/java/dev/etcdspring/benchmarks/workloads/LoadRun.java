package dev.etcdspring.benchmarks.workloads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.etcdspring.benchmarks.clients.BenchClient;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;
import org.jspecify.annotations.Nullable;

/**
 * One run of one workload on one client: a warm-up, then a measured window, with a fixed number of
 * requests in flight. Each of the {@code inFlight} lanes is a chain of requests, the next sent from
 * the completion of the previous one (on whatever thread the client completes it), so nothing
 * blocks and no thread per request is needed.
 *
 * <p>A request counts in the window when it completes inside it; CPU time is read at the window's
 * edges, so in a steady state the requests straddling either edge balance out. The run is bounded
 * in time (lanes stop sending past a deadline) and in count (each lane sends at most its share of
 * {@code maxOps}).
 */
final class LoadRun {

	private static final int WARMUP = 0;

	private static final int MEASURE = 1;

	private static final int STOP = 2;

	/** Latencies from 1 µs to 60 s, 3 significant digits. */
	private static final long LOWEST_NANOS = 1_000;

	private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

	private final Workload workload;

	private final BenchClient client;

	private final String clientId;

	private final int inFlight;

	private final int keyCount;

	private final long maxOpsPerLane;

	private final CountDownLatch lanesDone;

	private final AtomicReference<String> firstError = new AtomicReference<>("");

	private volatile int phase = WARMUP;

	private volatile long hardDeadline;

	LoadRun(Workload workload, BenchClient client, String clientId, int inFlight, int keyCount, long maxOps) {
		if (inFlight < 1 || inFlight > keyCount) {
			throw new IllegalArgumentException("In flight must be between 1 and the key count, was " + inFlight);
		}
		this.workload = workload;
		this.client = client;
		this.clientId = clientId;
		this.inFlight = inFlight;
		this.keyCount = keyCount;
		this.maxOpsPerLane = Math.max(1, maxOps / inFlight);
		this.lanesDone = new CountDownLatch(inFlight);
	}

	/**
	 * Runs the warm-up and the window, then waits for the requests still in flight.
	 * @param warmup time before the window
	 * @param window the measured time
	 * @param meters where CPU and memory counters come from
	 * @return the window's counters
	 * @throws InterruptedException if interrupted while waiting
	 */
	RunResult run(Duration warmup, Duration window, Meters meters) throws InterruptedException {
		this.hardDeadline = System.nanoTime() + warmup.plus(window).multipliedBy(2).plusSeconds(5).toNanos();
		List<Lane> lanes = new ArrayList<>(this.inFlight);
		for (int i = 0; i < this.inFlight; i++) {
			lanes.add(new Lane(i));
		}
		lanes.forEach(Lane::send);
		this.lanesDone.await(warmup.toNanos(), TimeUnit.NANOSECONDS);
		Meters.Snapshot start = meters.snapshot();
		this.phase = MEASURE;
		this.lanesDone.await(window.toNanos(), TimeUnit.NANOSECONDS);
		this.phase = STOP;
		Meters.Snapshot end = meters.snapshot();
		if (!this.lanesDone.await(DRAIN_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
			throw new IllegalStateException(this.lanesDone.getCount() + " of " + this.inFlight + " " + this.clientId
					+ " requests of " + this.workload.name() + " did not complete within " + DRAIN_TIMEOUT
					+ " after the window");
		}
		Histogram latency = new Histogram(LOWEST_NANOS, HIGHEST_NANOS, 3);
		long ops = 0;
		long unexpected = 0;
		long errors = 0;
		for (Lane lane : lanes) {
			latency.add(lane.latency);
			ops += lane.ops;
			unexpected += lane.unexpected;
			errors += lane.errors;
		}
		return new RunResult(this.workload.name(), this.inFlight, this.clientId, end.nanoTime() - start.nanoTime(),
				ops, unexpected, errors, end.processCpuNanos() - start.processCpuNanos(),
				end.etcdCpuNanos() - start.etcdCpuNanos(), end.gcCount() - start.gcCount(),
				end.gcMillis() - start.gcMillis(), end.jitMillis() - start.jitMillis(), end.allocatedSince(start), latency,
				this.firstError.get());
	}

	/**
	 * One chain of requests. Its fields are touched by one request's completion at a time, each
	 * completion happening-before the next send, so they need no synchronisation.
	 */
	private final class Lane {

		private final int first;

		private int nextKey;

		private long sent;

		private long ops;

		private long unexpected;

		private long errors;

		private final IntCountsHistogram latency = new IntCountsHistogram(LOWEST_NANOS, HIGHEST_NANOS, 3);

		Lane(int number) {
			this.first = number;
			this.nextKey = number;
		}

		/** Sends requests until one is still pending, then returns; its completion sends the next. */
		void send() {
			while (true) {
				if (LoadRun.this.phase == STOP || this.sent >= LoadRun.this.maxOpsPerLane
						|| System.nanoTime() - LoadRun.this.hardDeadline > 0) {
					LoadRun.this.lanesDone.countDown();
					return;
				}
				int key = this.nextKey;
				this.nextKey += LoadRun.this.inFlight;
				if (this.nextKey >= LoadRun.this.keyCount) {
					this.nextKey = this.first;
				}
				this.sent++;
				long start = System.nanoTime();
				CompletableFuture<Boolean> reply;
				try {
					reply = LoadRun.this.workload.send(LoadRun.this.client, key);
				}
				catch (RuntimeException ex) {
					reply = CompletableFuture.failedFuture(ex);
				}
				if (reply.isDone()) {
					// runs at once: loop rather than recurse
					reply.whenComplete((expected, error) -> complete(start, expected, error));
					continue;
				}
				reply.whenComplete((expected, error) -> {
					complete(start, expected, error);
					send();
				});
				return;
			}
		}

		private void complete(long start, @Nullable Boolean expected, @Nullable Throwable error) {
			long elapsed = System.nanoTime() - start;
			if (error != null) {
				LoadRun.this.firstError.compareAndSet("", error.toString());
			}
			if (LoadRun.this.phase != MEASURE) {
				return;
			}
			if (error != null) {
				this.errors++;
				return;
			}
			this.ops++;
			if (!Boolean.TRUE.equals(expected)) {
				this.unexpected++;
			}
			this.latency.recordValue(Math.min(Math.max(elapsed, LOWEST_NANOS), HIGHEST_NANOS));
		}

	}

}
