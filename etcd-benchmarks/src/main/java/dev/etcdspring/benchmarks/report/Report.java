package dev.etcdspring.benchmarks.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import dev.etcdspring.benchmarks.BenchOptions;
import dev.etcdspring.benchmarks.clients.ClientKind;
import dev.etcdspring.benchmarks.workloads.Dataset;
import dev.etcdspring.benchmarks.workloads.RunResult;
import dev.etcdspring.benchmarks.workloads.StartupResult;
import dev.etcdspring.benchmarks.workloads.TemplateResult;
import dev.etcdspring.benchmarks.workloads.WatchScaleResult;
import dev.etcdspring.benchmarks.workloads.WatchThroughputResult;
import dev.etcdspring.benchmarks.workloads.WorkloadKind;

/**
 * Everything a benchmark run found, as the workers reported it, ready to be rendered as
 * Markdown ({@link #markdown()}) or JSON ({@link #json()}). The figures of each part are
 * derived from the raw results when rendered: counters added up over rounds, then
 * divided.
 *
 * @param machine where it ran
 * @param options what it ran
 * @param dataset the keys and values used
 * @param libraries per client, the library jars its worker loaded
 * @param warmupCycles per client, the JIT warm-up cycles it ran
 * @param kv the key-value part's measured windows, in run order
 * @param watchThroughput the watch-throughput part's measured runs, in run order
 * @param watchScale the watch-scale part's measured runs, in run order
 * @param scaleWarmups the watch-scale part's warm-up runs (each worker's first watches),
 * in run order
 * @param template the template part's measured windows, in run order
 * @param startup the start-up part's JVMs, in run order
 * @param elapsed how long the whole run took
 */
public record Report(MachineInfo machine, BenchOptions options, Dataset dataset,
		Map<ClientKind, List<String>> libraries, Map<ClientKind, Integer> warmupCycles, List<RunResult> kv,
		List<WatchThroughputResult> watchThroughput, List<WatchScaleResult> watchScale,
		List<WatchScaleResult> scaleWarmups, List<TemplateResult> template, List<StartupResult> startup,
		Duration elapsed) {

	/**
	 * The client every ratio and target refers to: the raw stubs on
	 * {@code directExecutor()}.
	 */
	static final ClientKind FLOOR = ClientKind.RAW_DIRECT;

	/** Our throughput should be at least this fraction of the floor's. */
	static final double THROUGHPUT_TARGET = 0.95;

	/** Our client CPU per request should be at most this multiple of the floor's. */
	static final double CPU_TARGET = 1.2;

	/** Our watch events per second should be at least this fraction of the floor's. */
	static final double WATCH_THROUGHPUT_TARGET = 0.95;

	/**
	 * Our watcher's CPU per event, the JIT's time excluded, should be at most this
	 * multiple of the floor's.
	 */
	static final double WATCH_CPU_TARGET = 1.1;

	/**
	 * Opening the scale part's watches should take at most this multiple of the floor's
	 * time.
	 */
	static final double WATCH_OPEN_RATIO_TARGET = 1.2;

	/** Opening the scale part's watches should take less than this. */
	static final double WATCH_OPEN_TARGET_MILLIS = 1000;

	/** The scale part's watches should hold less heap than this each. */
	static final double WATCH_HEAP_TARGET_BYTES = 500;

	/**
	 * No thread per watch: opening the scale part's watches should start at most this
	 * many threads.
	 */
	static final int WATCH_THREADS_TARGET = 8;

	/**
	 * The template's CPU per call should be at most this multiple of the bare client's.
	 */
	static final double TEMPLATE_CPU_TARGET = 1.10;

	/**
	 * Renders the report as the Markdown of {@code benchmarks.md}.
	 * @return the Markdown text
	 */
	public String markdown() {
		return MarkdownReport.render(this);
	}

	/**
	 * Renders the report as the JSON of {@code benchmarks.json}.
	 * @return the JSON text
	 */
	public String json() {
		return JsonReport.render(this);
	}

	/**
	 * The key-value part's cells: one per workload, in-flight count and client that ran,
	 * each with its rounds in run order.
	 * @return the cells, in report order (the options' workloads and in-flight counts,
	 * the clients' declaration order)
	 */
	List<CellResult> cells() {
		List<CellResult> cells = new ArrayList<>();
		for (WorkloadKind workload : this.options.workloads()) {
			for (int inFlight : this.options.inFlight()) {
				for (ClientKind client : ClientKind.values()) {
					cell(workload, inFlight, client).ifPresent(cells::add);
				}
			}
		}
		return cells;
	}

	/**
	 * One cell.
	 * @param workload the workload
	 * @param inFlight requests in flight
	 * @param client the client
	 * @return the cell, if that client ran
	 */
	Optional<CellResult> cell(WorkloadKind workload, int inFlight, ClientKind client) {
		List<RunResult> rounds = this.kv.stream()
			.filter((round) -> round.workload().equals(workload.id()) && round.inFlight() == inFlight
					&& round.client().equals(client.id()))
			.toList();
		return rounds.isEmpty() ? Optional.empty() : Optional.of(new CellResult(workload, inFlight, client, rounds));
	}

	/**
	 * Our client against another one on one workload and in-flight count.
	 * @param workload the workload
	 * @param inFlight requests in flight
	 * @param other the client to compare with
	 * @return the ratios, if both ran
	 */
	Optional<Comparison> compare(WorkloadKind workload, int inFlight, ClientKind other) {
		return cell(workload, inFlight, ClientKind.OURS).flatMap((ours) -> cell(workload, inFlight, other)
			.map((theirs) -> new Comparison(ours.opsPerSecond() / theirs.opsPerSecond(),
					ours.clientCpuMicrosPerOp() / theirs.clientCpuMicrosPerOp(),
					ours.latencyMicros(99) / theirs.latencyMicros(99),
					ours.allocatedBytesPerOp() / theirs.allocatedBytesPerOp())));
	}

	/**
	 * One client's watch-throughput runs.
	 * @param client the client
	 * @return its runs added up, if it ran
	 */
	Optional<WatchThroughputCell> watchThroughput(ClientKind client) {
		return runsOf(client, this.watchThroughput, WatchThroughputResult::client)
			.map((rounds) -> new WatchThroughputCell(client, rounds));
	}

	/**
	 * Our watch events per second divided by another client's.
	 * @param other the client to compare with
	 * @return the ratio, if both ran and saw every event
	 */
	Optional<Double> compareWatchThroughput(ClientKind other) {
		return compareWatch(other, WatchThroughputCell::eventsPerSecond);
	}

	/**
	 * Our watcher's CPU per event, the JIT's time excluded, ÷ another client's.
	 * @param other the client to compare with
	 * @return the ratio, if both ran and saw every event
	 */
	Optional<Double> compareWatcherCpu(ClientKind other) {
		return compareWatch(other, WatchThroughputCell::watcherCpuMicrosPerEventWithoutJit);
	}

	private Optional<Double> compareWatch(ClientKind other, ToDoubleFunction<WatchThroughputCell> figure) {
		return watchThroughput(ClientKind.OURS).filter(WatchThroughputCell::complete)
			.flatMap((ours) -> watchThroughput(other).filter(WatchThroughputCell::complete)
				.map((theirs) -> figure.applyAsDouble(ours) / figure.applyAsDouble(theirs)));
	}

	/**
	 * One client's watch-scale runs.
	 * @param client the client
	 * @return its runs, if it ran
	 */
	Optional<WatchScaleCell> watchScale(ClientKind client) {
		return runsOf(client, this.watchScale, WatchScaleResult::client)
			.map((rounds) -> new WatchScaleCell(client, rounds));
	}

	/**
	 * One client's watch-scale warm-up run.
	 * @param client the client
	 * @return the run, if it ran
	 */
	Optional<WatchScaleResult> scaleWarmup(ClientKind client) {
		return runsOf(client, this.scaleWarmups, WatchScaleResult::client).map((runs) -> runs.get(0));
	}

	/** One client's runs among some results, in run order; empty when it has none. */
	private static <T> Optional<List<T>> runsOf(ClientKind client, List<T> results, Function<T, String> clientOf) {
		List<T> runs = results.stream().filter((result) -> clientOf.apply(result).equals(client.id())).toList();
		return runs.isEmpty() ? Optional.empty() : Optional.of(runs);
	}

	/**
	 * The template part, per op.
	 * @return put then get, those that ran
	 */
	List<TemplateComparison> templateComparisons() {
		return List.of("put", "get")
			.stream()
			.map((op) -> TemplateComparison.of(op, this.template))
			.filter((comparison) -> !comparison.bare().isEmpty() || !comparison.template().isEmpty())
			.toList();
	}

	/**
	 * The start-up part's figures.
	 * @return the summary
	 */
	StartupSummary startupSummary() {
		return new StartupSummary(this.startup);
	}

	/**
	 * Ours divided by another client's figures.
	 *
	 * @param throughput requests per second
	 * @param clientCpu client CPU per request
	 * @param p99 99th percentile latency
	 * @param allocation bytes allocated per request
	 */
	record Comparison(double throughput, double clientCpu, double p99, double allocation) {

		/**
		 * Whether ours meets the targets, when the other client is the {@link #FLOOR}.
		 * @return whether throughput and CPU are within target
		 */
		boolean meetsTargets() {
			return this.throughput >= THROUGHPUT_TARGET && this.clientCpu <= CPU_TARGET;
		}

	}

}
