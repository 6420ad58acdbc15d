package dev.etcdspring.benchmarks.workloads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.etcdspring.benchmarks.clients.BenchClient;
import org.jspecify.annotations.Nullable;

/**
 * One run of one workload on one client: a warm-up, then a measured window, with a fixed
 * number of requests in flight ({@link WindowRun}). Each of the {@code inFlight} lanes is
 * a {@link RequestChain}, the next request sent from the completion of the previous one;
 * lane {@code i} owns the keys congruent to {@code i}, so no two requests in flight share
 * a key.
 */
final class LoadRun extends WindowRun<RunResult> {

	private final String name;

	private final Workload workload;

	private final BenchClient client;

	private final String clientId;

	private final int inFlight;

	private final int keyCount;

	private final List<Lane> lanes = new ArrayList<>();

	private final boolean blocking;

	/**
	 * A run.
	 * @param name the workload's id
	 * @param blocking whether a request blocks its caller: each lane then runs on a
	 * thread of its own
	 * @param workload what one request is
	 * @param client the client under test
	 * @param clientId its id
	 * @param inFlight requests kept in flight, at most the key count
	 * @param keyCount keys the workload's indexes range over
	 * @param warmup time before the window
	 * @param window the measured time
	 * @param maxOps at most this many requests in all
	 * @param meters the CPU and allocation counters
	 */
	LoadRun(String name, boolean blocking, Workload workload, BenchClient client, String clientId, int inFlight,
			int keyCount, Duration warmup, Duration window, long maxOps, Meters meters) {
		super(meters, inFlight, warmup, window, maxOps);
		if (inFlight < 1 || inFlight > keyCount) {
			throw new IllegalArgumentException("In flight must be between 1 and the key count, was " + inFlight);
		}
		this.name = name;
		this.blocking = blocking;
		this.workload = workload;
		this.client = client;
		this.clientId = clientId;
		this.inFlight = inFlight;
		this.keyCount = keyCount;
		for (int i = 0; i < inFlight; i++) {
			this.lanes.add(new Lane(i));
		}
	}

	@Override
	void startWorkers() {
		if (!this.blocking) {
			this.lanes.forEach(Lane::start);
			return;
		}
		// a chain whose requests complete before they return loops on its thread: one
		// thread a lane
		for (Lane lane : this.lanes) {
			Thread caller = new Thread(lane::start, "bench-caller-" + lane.first);
			caller.setDaemon(true);
			caller.start();
		}
	}

	@Override
	String describe() {
		return this.clientId + " requests of " + this.name;
	}

	@Override
	RunResult result(Usage usage, Outcome outcome) {
		return new RunResult(this.name, this.inFlight, this.clientId, usage, outcome);
	}

	/** One chain of requests over the keys congruent to its number. */
	private final class Lane extends RequestChain {

		private final Tally tally = tally();

		private final int first;

		private int nextKey;

		private long sent;

		Lane(int number) {
			this.first = number;
			this.nextKey = number;
		}

		@Override
		boolean hasNext() {
			return !shouldStop(this.sent);
		}

		@Override
		CompletableFuture<?> next() {
			int key = this.nextKey;
			this.nextKey += LoadRun.this.inFlight;
			if (this.nextKey >= LoadRun.this.keyCount) {
				this.nextKey = this.first;
			}
			this.sent++;
			return LoadRun.this.workload.send(LoadRun.this.client, key);
		}

		@Override
		void completed(long startNanos, @Nullable Object result, @Nullable Throwable error) {
			count(this.tally, startNanos, Boolean.TRUE.equals(result), error);
		}

		@Override
		void finished() {
			workerDone();
		}

	}

}
