package dev.etcdspring.benchmarks.report;

import java.util.List;

import dev.etcdspring.benchmarks.clients.ClientKind;
import dev.etcdspring.benchmarks.workloads.RunResult;
import dev.etcdspring.benchmarks.workloads.WorkloadKind;
import org.HdrHistogram.Histogram;

/**
 * The figures of one client on one workload at one in-flight count, over all its rounds: counters
 * are added up before dividing, latency histograms are merged.
 *
 * @param workload the workload
 * @param inFlight requests in flight
 * @param client the client
 * @param rounds the rounds' raw results, in run order
 */
record CellResult(WorkloadKind workload, int inFlight, ClientKind client, List<RunResult> rounds) {

	/**
	 * Requests per second over all windows.
	 * @return the throughput
	 */
	double opsPerSecond() {
		long nanos = sum(RunResult::windowNanos);
		return (nanos > 0) ? ops() * 1e9 / nanos : 0;
	}

	/**
	 * Requests completed in all windows.
	 * @return the count
	 */
	long ops() {
		return sum(RunResult::ops);
	}

	/**
	 * How far the rounds' throughputs spread: (highest - lowest) / 2 / mean, so ±this fraction.
	 * @return the relative half-range, 0 with one round
	 */
	double spread() {
		double max = this.rounds.stream().mapToDouble(RunResult::opsPerSecond).max().orElse(0);
		double min = this.rounds.stream().mapToDouble(RunResult::opsPerSecond).min().orElse(0);
		double mean = this.rounds.stream().mapToDouble(RunResult::opsPerSecond).average().orElse(0);
		return (mean > 0) ? (max - min) / 2 / mean : 0;
	}

	/**
	 * The latency of all completed requests.
	 * @return a merged histogram, in nanoseconds
	 */
	Histogram latency() {
		Histogram merged = new Histogram(this.rounds.get(0).latency().getLowestDiscernibleValue(),
				this.rounds.get(0).latency().getHighestTrackableValue(), 3);
		this.rounds.forEach((round) -> merged.add(round.latency()));
		return merged;
	}

	/**
	 * A latency percentile.
	 * @param percentile such as 99.9
	 * @return the latency in microseconds
	 */
	double latencyMicros(double percentile) {
		return latency().getValueAtPercentile(percentile) / 1e3;
	}

	/**
	 * CPU time of the client's JVM (GC and JIT included) per request.
	 * @return microseconds per request
	 */
	double clientCpuMicrosPerOp() {
		return perOp(sum(RunResult::clientCpuNanos)) / 1e3;
	}

	/**
	 * CPU time of the etcd server per request.
	 * @return microseconds per request
	 */
	double etcdCpuMicrosPerOp() {
		return perOp(sum(RunResult::etcdCpuNanos)) / 1e3;
	}

	/**
	 * Bytes the client's JVM allocated per request.
	 * @return bytes per request
	 */
	double allocatedBytesPerOp() {
		return perOp(sum(RunResult::allocatedBytes));
	}

	/**
	 * Garbage collections in all windows.
	 * @return the count
	 */
	long gcCount() {
		return sum(RunResult::gcCount);
	}

	/**
	 * Time the collectors report for those collections.
	 * @return milliseconds
	 */
	long gcMillis() {
		return sum(RunResult::gcMillis);
	}

	/**
	 * Time the JIT compilers spent in the windows.
	 * @return milliseconds
	 */
	long jitMillis() {
		return sum(RunResult::jitMillis);
	}

	/**
	 * Requests that failed in the windows.
	 * @return the count
	 */
	long errors() {
		return sum(RunResult::errors);
	}

	/**
	 * Requests answered, but not as expected (a failed comparison, a missing key).
	 * @return the count
	 */
	long unexpected() {
		return sum(RunResult::unexpected);
	}

	/**
	 * The first failure of any round.
	 * @return its description, or empty
	 */
	String firstError() {
		return this.rounds.stream().map(RunResult::firstError).filter((e) -> !e.isEmpty()).findFirst().orElse("");
	}

	private double perOp(long total) {
		long ops = ops();
		return (ops > 0) ? (double) total / ops : Double.NaN;
	}

	private long sum(java.util.function.ToLongFunction<RunResult> counter) {
		return this.rounds.stream().mapToLong(counter).sum();
	}

}
