package dev.etcdspring.benchmarks.report;

import java.util.List;
import java.util.function.ToLongFunction;

import dev.etcdspring.benchmarks.clients.ClientKind;
import dev.etcdspring.benchmarks.workloads.Outcome;
import dev.etcdspring.benchmarks.workloads.Usage;
import dev.etcdspring.benchmarks.workloads.WatchThroughputResult;
import org.HdrHistogram.Histogram;

/**
 * One client's watch-throughput runs, added up: counters are summed before dividing,
 * delay histograms merged, the last-event delay is the median of the runs.
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
		return Stats.perSecond(received(), sum(WatchThroughputResult::nanos));
	}

	/**
	 * How far the runs' rates spread: (highest - lowest) / 2 / mean.
	 * @return the relative half-range, 0 with one run
	 */
	double spread() {
		return Stats.spread(this.rounds.stream().mapToDouble(WatchThroughputResult::eventsPerSecond).toArray());
	}

	/**
	 * The median over the runs of the time from the last put's acknowledgement to the
	 * last event.
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
		Histogram merged = Outcome.histogram();
		this.rounds.forEach((round) -> merged.add(round.delay()));
		return (merged.getTotalCount() > 0) ? merged.getValueAtPercentile(percentile) / 1e6 : Double.NaN;
	}

	/**
	 * Worker CPU per event received (the watcher's and the shared writer's).
	 * @return microseconds
	 */
	double clientCpuMicrosPerEvent() {
		return perEvent(usage().cpuNanos()) / 1e3;
	}

	/**
	 * Worker CPU per event received, less the writer's own threads: the watcher's share
	 * (garbage collection and JIT of both included).
	 * @return microseconds
	 */
	double watcherCpuMicrosPerEvent() {
		return perEvent(usage().cpuNanos() - sum(WatchThroughputResult::writerCpuNanos)) / 1e3;
	}

	/**
	 * The watcher's share less the CPU time of the JIT compiler threads in the runs: the
	 * watcher's CPU once the code is compiled, which the warm-up cannot always wait for
	 * (a JIT busy for a few hundred milliseconds in a run of a few seconds outweighs the
	 * difference between the watchers).
	 * @return microseconds
	 */
	double watcherCpuMicrosPerEventWithoutJit() {
		return perEvent(usage().cpuNanos() - sum(WatchThroughputResult::writerCpuNanos) - usage().jitCpuNanos()) / 1e3;
	}

	/**
	 * etcd CPU per event received.
	 * @return microseconds
	 */
	double etcdCpuMicrosPerEvent() {
		return perEvent(usage().etcdCpuNanos()) / 1e3;
	}

	/**
	 * Bytes the worker allocated per event received.
	 * @return bytes
	 */
	double allocatedBytesPerEvent() {
		return perEvent(usage().allocatedBytes());
	}

	/**
	 * Time the worker's JIT compilers spent in all runs.
	 * @return milliseconds
	 */
	long jitMillis() {
		return usage().jitMillis();
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
		return this.rounds.stream()
			.map(WatchThroughputResult::error)
			.filter((e) -> !e.isEmpty())
			.findFirst()
			.orElse("");
	}

	/**
	 * What the meters counted over all runs.
	 * @return the runs' usage added up
	 */
	Usage usage() {
		return this.rounds.stream().map(WatchThroughputResult::usage).reduce(Usage.NONE, Usage::plus);
	}

	private double perEvent(long total) {
		return Stats.per(total, received());
	}

	private long sum(ToLongFunction<WatchThroughputResult> counter) {
		return this.rounds.stream().mapToLong(counter).sum();
	}

}
