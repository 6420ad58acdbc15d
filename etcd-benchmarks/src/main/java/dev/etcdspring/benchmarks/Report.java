package dev.etcdspring.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a benchmark run found, ready to be rendered as Markdown ({@link MarkdownReport}) or
 * JSON ({@link JsonReport}).
 *
 * @param machine where it ran
 * @param options what it ran
 * @param dataset the keys and values used
 * @param libraries per client, the library jars its worker loaded
 * @param warmupCycles per client, the JIT warm-up cycles it ran
 * @param cells one result per workload, in-flight count and client, in report order
 * @param elapsed how long the whole run took
 */
public record Report(MachineInfo machine, BenchOptions options, Dataset dataset,
		Map<ClientKind, List<String>> libraries, Map<ClientKind, Integer> warmupCycles, List<CellResult> cells,
		Duration elapsed) {

	/** Our throughput should be at least this fraction of the raw stubs'. */
	public static final double THROUGHPUT_TARGET = 0.95;

	/** Our client CPU per request should be at most this multiple of the raw stubs'. */
	public static final double CPU_TARGET = 1.2;

	/**
	 * One cell.
	 * @param workload the workload
	 * @param inFlight requests in flight
	 * @param client the client
	 * @return the cell, if that client ran
	 */
	public Optional<CellResult> cell(WorkloadKind workload, int inFlight, ClientKind client) {
		return this.cells.stream()
			.filter((cell) -> cell.workload() == workload && cell.inFlight() == inFlight && cell.client() == client)
			.findFirst();
	}

	/**
	 * Our client against another one on one workload and in-flight count.
	 * @param workload the workload
	 * @param inFlight requests in flight
	 * @param other the client to compare with
	 * @return the ratios, if both ran
	 */
	public Optional<Comparison> compare(WorkloadKind workload, int inFlight, ClientKind other) {
		return cell(workload, inFlight, ClientKind.OURS)
			.flatMap((ours) -> cell(workload, inFlight, other).map((theirs) -> new Comparison(
					ours.opsPerSecond() / theirs.opsPerSecond(),
					ours.clientCpuMicrosPerOp() / theirs.clientCpuMicrosPerOp(),
					ours.latencyMicros(99) / theirs.latencyMicros(99),
					ours.allocatedBytesPerOp() / theirs.allocatedBytesPerOp())));
	}

	/**
	 * Ours divided by another client's figures.
	 * @param throughput requests per second
	 * @param clientCpu client CPU per request
	 * @param p99 99th percentile latency
	 * @param allocation bytes allocated per request
	 */
	public record Comparison(double throughput, double clientCpu, double p99, double allocation) {

		/**
		 * Whether ours meets the targets against the raw stubs.
		 * @return whether throughput and CPU are within target
		 */
		public boolean meetsTargets() {
			return this.throughput >= THROUGHPUT_TARGET && this.clientCpu <= CPU_TARGET;
		}

	}

}
