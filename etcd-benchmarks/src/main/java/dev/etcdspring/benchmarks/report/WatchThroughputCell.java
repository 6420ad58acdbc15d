package dev.etcdspring.benchmarks.report;

import java.util.List;
import java.util.function.ToLongFunction;

import dev.etcdspring.benchmarks.clients.ClientKind;
import dev.etcdspring.benchmarks.workloads.WatchThroughputResult;
import org.HdrHistogram.Histogram;

/**
 * One client's watch-throughput runs, added up: counters are summed before dividing, delay
 * histograms merged, the last-event delay is the median of the runs.
 *
 * @param client the client
 * @param rounds the runs, in run order
 */
record WatchThroughputCell(ClientKind client, List<WatchThroughputResult> rounds) {

	/**
	 * Events per second over all runs.
	 * @return the rate
	 */
	double eventsPerSecond() {
		long nanos = sum(WatchThroughputResult::nanos);
		return (nanos > 0) ? sum(WatchThroughputResult::received) * 1e9 / nanos : 0;
	}

	/**
	 * How far the runs' rates spread: (highest - lowest) / 2 / mean.
	 * @return the relative half-range, 0 with one run
	 */
	double spread() {
		double max = this.rounds.stream().mapToDouble(WatchThroughputResult::eventsPerSecond).max().orElse(0);
		double min = this.rounds.stream().mapToDouble(WatchThroughputResult::eventsPerSecond).min().orElse(0);
		double mean = this.rounds.stream().mapToDouble(WatchThroughputResult::eventsPerSecond).average().orElse(0);
		return (mean > 0) ? (max - min) / 2 / mean : 0;
	}

	/**
	 * The median over the runs of the time from the last put's acknowledgement to the last event.
	 * @return milliseconds
	 */
	double lastEventDelayMillis() {
		return Stats.median(this.rounds.stream().mapToDouble((round) -> round.lastEventDelayNanos() / 1e6).toArray());
	}

	/**
	 * A percentile of the events' delay, from the put sent to the event received.
	 * @param percentile such as 99
	 * @return milliseconds
	 */
	double delayMillis(double percentile) {
		Histogram merged = new Histogram(1_000, 60_000_000_000L, 3);
		this.rounds.forEach((round) -> merged.add(round.delay()));
		return (merged.getTotalCount() > 0) ? merged.getValueAtPercentile(percentile) / 1e6 : Double.NaN;
	}

	/**
	 * Worker CPU per event received (the watcher's and the shared writer's).
	 * @return microseconds
	 */
	double clientCpuMicrosPerEvent() {
		return perEvent(sum(WatchThroughputResult::clientCpuNanos)) / 1e3;
	}

	/**
	 * Worker CPU per event received, less the writer's own threads: the watcher's share (garbage
	 * collection and JIT of both included).
	 * @return microseconds
	 */
	double watcherCpuMicrosPerEvent() {
		return perEvent(sum(WatchThroughputResult::clientCpuNanos) - sum(WatchThroughputResult::writerCpuNanos)) / 1e3;
	}

	/**
	 * etcd CPU per event received.
	 * @return microseconds
	 */
	double etcdCpuMicrosPerEvent() {
		return perEvent(sum(WatchThroughputResult::etcdCpuNanos)) / 1e3;
	}

	/**
	 * Bytes the worker allocated per event received.
	 * @return bytes
	 */
	double allocatedBytesPerEvent() {
		return perEvent(sum(WatchThroughputResult::allocatedBytes));
	}

	/**
	 * Time the worker's JIT compilers spent in all runs.
	 * @return milliseconds
	 */
	long jitMillis() {
		return sum(WatchThroughputResult::jitMillis);
	}

	/**
	 * Events received in all runs.
	 * @return the count
	 */
	long received() {
		return sum(WatchThroughputResult::received);
	}

	/**
	 * Events expected in all runs.
	 * @return the count
	 */
	long expected() {
		return this.rounds.stream().mapToLong(WatchThroughputResult::expected).sum();
	}

	/**
	 * Duplicated, out-of-order and malformed events, and failed puts, in all runs.
	 * @return the count
	 */
	long anomalies() {
		return sum(WatchThroughputResult::duplicates) + sum(WatchThroughputResult::outOfOrder)
				+ sum(WatchThroughputResult::badEvents) + sum(WatchThroughputResult::putErrors);
	}

	/**
	 * Whether every run saw every key's event exactly once, in order.
	 * @return whether all runs are valid
	 */
	boolean complete() {
		return this.rounds.stream().allMatch(WatchThroughputResult::complete);
	}

	/**
	 * The first run's error.
	 * @return its description, or empty
	 */
	String firstError() {
		return this.rounds.stream().map(WatchThroughputResult::error).filter((e) -> !e.isEmpty()).findFirst().orElse("");
	}

	private double perEvent(long total) {
		long received = received();
		return (received > 0) ? (double) total / received : Double.NaN;
	}

	private long sum(ToLongFunction<WatchThroughputResult> counter) {
		return this.rounds.stream().mapToLong(counter).sum();
	}

}
