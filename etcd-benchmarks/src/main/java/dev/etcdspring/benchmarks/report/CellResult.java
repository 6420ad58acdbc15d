package dev.etcdspring.benchmarks.report;

import java.util.List;

import dev.etcdspring.benchmarks.clients.ClientKind;
import dev.etcdspring.benchmarks.workloads.Outcome;
import dev.etcdspring.benchmarks.workloads.RunResult;
import dev.etcdspring.benchmarks.workloads.Usage;
import dev.etcdspring.benchmarks.workloads.WorkloadKind;
import org.HdrHistogram.Histogram;

/**
 * The figures of one client on one workload at one in-flight count, over all its rounds:
 * counters are added up before dividing, latency histograms are merged.
 *
 * @param workload the workload
 * @param inFlight requests in flight
 * @param client the client
 * @param rounds the rounds' raw results, in run order
 */
record CellResult(WorkloadKind workload, int inFlight, ClientKind client, List<RunResult> rounds) {

	/**
	 * What the meters counted over all windows.
	 * @return the rounds' usage added up
	 */
	Usage usage() {
		return this.rounds.stream().map(RunResult::usage).reduce(Usage.NONE, Usage::plus);
	}

	/**
	 * What the requests of all windows came to.
	 * @return the rounds' outcomes added up
	 */
	Outcome outcome() {
		return this.rounds.stream().map(RunResult::outcome).reduce(Outcome.none(), Outcome::plus);
	}

	/**
	 * Requests per second over all windows.
	 * @return the throughput
	 */
	double opsPerSecond() {
		return Stats.perSecond(outcome().ops(), usage().nanos());
	}

	/**
	 * How far the rounds' throughputs spread: (highest - lowest) / 2 / mean, so ±this
	 * fraction.
	 * @return the relative half-range, 0 with one round
	 */
	double spread() {
		return Stats.spread(this.rounds.stream().mapToDouble(RunResult::opsPerSecond).toArray());
	}

	/**
	 * The latency of all completed requests.
	 * @return a merged histogram, in nanoseconds
	 */
	Histogram latency() {
		return outcome().latency();
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
		return Stats.per(usage().cpuNanos(), outcome().ops()) / 1e3;
	}

	/**
	 * CPU time of the etcd server per request.
	 * @return microseconds per request
	 */
	double etcdCpuMicrosPerOp() {
		return Stats.per(usage().etcdCpuNanos(), outcome().ops()) / 1e3;
	}

	/**
	 * Bytes the client's JVM allocated per request.
	 * @return bytes per request
	 */
	double allocatedBytesPerOp() {
		return Stats.per(usage().allocatedBytes(), outcome().ops());
	}

}
