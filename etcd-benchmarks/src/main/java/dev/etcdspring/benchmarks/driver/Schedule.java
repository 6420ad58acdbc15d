package dev.etcdspring.benchmarks.driver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import dev.etcdspring.benchmarks.BenchOptions;
import dev.etcdspring.benchmarks.clients.ClientKind;
import dev.etcdspring.benchmarks.report.Format;
import dev.etcdspring.benchmarks.workloads.Outcome;
import dev.etcdspring.benchmarks.workloads.RunResult;
import dev.etcdspring.benchmarks.workloads.TemplateResult;
import dev.etcdspring.benchmarks.workloads.Usage;
import dev.etcdspring.benchmarks.workloads.WatchScaleResult;
import dev.etcdspring.benchmarks.workloads.WatchThroughputResult;
import dev.etcdspring.benchmarks.workloads.WorkloadKind;

/**
 * The order in which the workers run: first a JIT warm-up per client, then rounds in
 * which every client runs every workload at every in-flight count, one client at a time.
 * Within a round the clients take turns on each cell, and their order rotates from round
 * to round, so that drift (a growing etcd database, a busy neighbour) hits all of them
 * alike.
 */
final class Schedule {

	/**
	 * The JIT counts as calm when it compiles for less than this share of a warm-up
	 * cycle.
	 */
	static final double JIT_CALM = 0.05;

	/** Requests in flight during the JIT warm-up. */
	private static final int WARMUP_IN_FLIGHT = 16;

	private final BenchOptions options;

	private final Map<ClientKind, WorkerProcess> workers;

	private final List<WatchScaleResult> scaleWarmups = new ArrayList<>();

	Schedule(BenchOptions options, Map<ClientKind, WorkerProcess> workers) {
		this.options = options;
		this.workers = workers;
	}

	/**
	 * Runs every workload on each client in cycles, until the JIT compilers spend less
	 * than {@link #JIT_CALM} of a cycle's time or the cycles run out.
	 * @return per client, the cycles run
	 * @throws InterruptedException if interrupted while waiting for a worker
	 */
	Map<ClientKind, Integer> warmUp() throws InterruptedException {
		Map<ClientKind, Integer> cycles = new EnumMap<>(ClientKind.class);
		for (ClientKind client : this.options.clients()) {
			int cycle = 0;
			double share = 1;
			while (cycle < this.options.jitWarmupCycles() && share >= JIT_CALM) {
				cycle++;
				long jitMillis = 0;
				long nanos = 0;
				for (WorkloadKind workload : this.options.workloads()) {
					RunResult result = this.workers.get(client)
						.run(workload, WARMUP_IN_FLIGHT, Duration.ZERO, this.options.jitWarmup());
					jitMillis += result.usage().jitMillis();
					nanos += result.usage().nanos();
				}
				share = jitMillis * 1e6 / Math.max(1, nanos);
				BenchmarkMain.log(String.format(Locale.ROOT, "Warming up %s, cycle %d: JIT busy %.0f%% of the time",
						client.id(), cycle, share * 100));
			}
			cycles.put(client, cycle);
		}
		return cycles;
	}

	/**
	 * Runs the rounds.
	 * @return every measured window, in run order
	 * @throws InterruptedException if interrupted while waiting for a worker
	 */
	List<RunResult> run() throws InterruptedException {
		List<RunResult> results = new ArrayList<>();
		int total = this.options.workloads().size() * this.options.inFlight().size() * this.options.rounds()
				* this.options.clients().size();
		for (WorkloadKind workload : this.options.workloads()) {
			for (int inFlight : this.options.inFlight()) {
				results
					.addAll(rotating(this.options.rounds(), workload.id() + " x" + inFlight, results.size(), total,
							(client, round) -> this.workers.get(client)
								.run(workload, inFlight, this.options.warmup(), this.options.window()),
							Schedule::summary));
			}
		}
		return results;
	}

	/**
	 * Runs one step per client and round, the clients' order rotating from round to
	 * round, so that drift hits all of them alike; logs each result.
	 * @param <R> the step's result
	 * @param rounds rounds
	 * @param what what runs, for the log, such as {@code put x16}
	 * @param done steps of the same series run before, for the log
	 * @param total steps in the series, for the log
	 * @param step the step
	 * @param summary a result for the log
	 * @return the results, in run order
	 * @throws InterruptedException if interrupted while waiting for a worker
	 */
	private <R> List<R> rotating(int rounds, String what, int done, int total, Step<R> step,
			Function<R, String> summary) throws InterruptedException {
		List<ClientKind> clients = this.options.clients();
		List<R> results = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			for (int i = 0; i < clients.size(); i++) {
				ClientKind client = clients.get((round + i) % clients.size());
				R result = step.run(client, round);
				results.add(result);
				BenchmarkMain.log(String.format(Locale.ROOT, "[%d/%d] %s %s, round %d: %s", done + results.size(),
						total, what, client.id(), round + 1, summary.apply(result)));
			}
		}
		return results;
	}

	/**
	 * The watch-throughput part: for each client warm-up runs with a fifth of the events
	 * each, until the JIT compilers spend less than {@link #JIT_CALM} of a run's time or
	 * the JIT warm-up cycles run out (a single warm-up left the larger client's code
	 * compiling in its measured runs), then the measured runs, the clients' order
	 * rotating from round to round.
	 * @return the measured runs, in run order
	 * @throws InterruptedException if interrupted while waiting for a worker
	 */
	List<WatchThroughputResult> watchThroughput() throws InterruptedException {
		List<ClientKind> clients = this.options.clients();
		int events = this.options.watchEvents();
		int writers = this.options.watchWriters();
		for (ClientKind client : clients) {
			int cycle = 0;
			double share = 1;
			while (cycle < Math.max(1, this.options.jitWarmupCycles()) && share >= JIT_CALM) {
				cycle++;
				WatchThroughputResult warmup = watchThroughput(client, Math.max(1, events / 5), writers,
						"warmup" + cycle);
				share = warmup.usage().jitMillis() * 1e6 / Math.max(1, warmup.usage().nanos());
				BenchmarkMain
					.log(String.format(Locale.ROOT, "Watch warm-up %s, cycle %d: %s; JIT busy %.0f%% of the time",
							client.id(), cycle, summary(warmup), share * 100));
			}
		}
		int rounds = this.options.watchRounds();
		return rotating(rounds, "watch", 0, rounds * clients.size(),
				(client, round) -> watchThroughput(client, events, writers, "round" + (round + 1)), Schedule::summary);
	}

	private WatchThroughputResult watchThroughput(ClientKind client, int events, int writers, String label)
			throws InterruptedException {
		try {
			return this.workers.get(client).watchThroughput(events, writers, label);
		}
		catch (WorkerProcess.FailedException ex) {
			return WatchThroughputResult.failed(client.id(), events, writers, ex.getMessage());
		}
	}

	private static String summary(WatchThroughputResult result) {
		return String.format(Locale.ROOT,
				"%,.0f events/s, %,d of %,d received, last event %s ms after the last put, "
						+ "p99 delay %s ms, client CPU %s µs/event (watcher %s)%s",
				result.eventsPerSecond(), result.received(), result.expected(),
				Format.millis(result.lastEventDelayNanos() / 1e6),
				Format.millis(result.delay().getValueAtPercentile(99) / 1e6),
				Format.micros(result.usage().cpuNanos() / 1e3 / Math.max(1, result.received())),
				Format.micros(
						(result.usage().cpuNanos() - result.writerCpuNanos()) / 1e3 / Math.max(1, result.received())),
				result.error().isEmpty() ? "" : ", FAILED: " + result.error());
	}

	/**
	 * The watch-scale part: for each client one warm-up run with a fifth of the watches,
	 * then the measured runs, the clients' order rotating from round to round.
	 * @return the measured runs, in run order
	 * @throws InterruptedException if interrupted while waiting for a worker
	 */
	List<WatchScaleResult> watchScale() throws InterruptedException {
		List<ClientKind> clients = this.options.clients();
		int watches = this.options.watches();
		int probes = this.options.probes();
		for (ClientKind client : clients) {
			WatchScaleResult warmup = watchScale(client, Math.max(1, watches / 5), Math.max(1, probes / 5), "warmup");
			this.scaleWarmups.add(warmup);
			BenchmarkMain.log("Watch-scale warm-up " + client.id() + ": " + summary(warmup));
		}
		int rounds = this.options.scaleRounds();
		return rotating(rounds, "watch-scale", 0, rounds * clients.size(),
				(client, round) -> watchScale(client, watches, probes, "round" + (round + 1)), Schedule::summary);
	}

	/**
	 * The watch-scale part's warm-up runs: each worker's first watches, on a cold JIT and
	 * fresh pools, which is also how an application opens its watches.
	 * @return the warm-up runs so far, in run order
	 */
	List<WatchScaleResult> scaleWarmups() {
		return List.copyOf(this.scaleWarmups);
	}

	private WatchScaleResult watchScale(ClientKind client, int watches, int probes, String label)
			throws InterruptedException {
		try {
			return this.workers.get(client).watchScale(watches, probes, label);
		}
		catch (WorkerProcess.FailedException ex) {
			return WatchScaleResult.failed(client.id(), watches, ex.getMessage());
		}
	}

	private static String summary(WatchScaleResult result) {
		return String.format(Locale.ROOT,
				"%,d watches open in %s ms (calls %s ms), %s B/watch, %+d threads%s, "
						+ "%d of %d probes delivered, closed in %s ms%s",
				result.created(), Format.millis(result.openNanos() / 1e6), Format.millis(result.callNanos() / 1e6),
				Format.micros(result.heapBytesPerWatch()), result.threadsAdded(),
				result.newThreads().isEmpty() ? "" : " (" + result.newThreads() + ")", result.probesDelivered(),
				result.probes(), Format.millis(result.closeNanos() / 1e6),
				result.error().isEmpty() ? "" : ", FAILED: " + result.error());
	}

	/**
	 * The template part, on the ours worker: for each op, one warm-up window per mode,
	 * then the measured windows in the order bare, template, template, bare, so that
	 * drift hits both alike.
	 * @return the measured windows, in run order; empty when our client is not among the
	 * clients
	 * @throws InterruptedException if interrupted while waiting for the worker
	 */
	List<TemplateResult> template() throws InterruptedException {
		WorkerProcess worker = this.workers.get(ClientKind.OURS);
		List<TemplateResult> results = new ArrayList<>();
		if (worker == null) {
			BenchmarkMain.log("Skipping the template part: it runs on our client, which is not among the clients");
			return results;
		}
		int threads = this.options.templateThreads();
		for (String op : List.of("put", "get")) {
			for (String mode : List.of("bare", "template")) {
				TemplateResult warmup = template(worker, op, mode, threads, this.options.jitWarmup());
				BenchmarkMain.log("Template warm-up " + op + " " + mode + ": " + summary(warmup));
			}
			for (String mode : List.of("bare", "template", "template", "bare")) {
				TemplateResult result = template(worker, op, mode, threads, this.options.templateWindow());
				results.add(result);
				BenchmarkMain.log("Template " + op + " " + mode + ": " + summary(result));
			}
		}
		return results;
	}

	private TemplateResult template(WorkerProcess worker, String op, String mode, int threads, Duration window)
			throws InterruptedException {
		try {
			return worker.template(op, mode, threads, this.options.warmup(), window);
		}
		catch (WorkerProcess.FailedException ex) {
			return TemplateResult.failed(op, mode, threads, ex.getMessage());
		}
	}

	private static String summary(TemplateResult result) {
		return summary(result.usage(), result.outcome());
	}

	private static String summary(RunResult result) {
		return summary(result.usage(), result.outcome());
	}

	/** One window of calls, for the progress log. */
	private static String summary(Usage usage, Outcome outcome) {
		double seconds = usage.nanos() / 1e9;
		double cpu = (outcome.ops() > 0) ? usage.cpuNanos() / 1e3 / outcome.ops() : Double.NaN;
		return String.format(Locale.ROOT, "%,.0f ops/s, p99 %s µs, client CPU %s µs/op, JIT %d ms%s",
				(seconds > 0) ? outcome.ops() / seconds : 0,
				Format.micros(outcome.latency().getValueAtPercentile(99) / 1e3), Format.micros(cpu), usage.jitMillis(),
				(outcome.errors() > 0) ? ", " + outcome.errors() + " failed: " + outcome.firstError() : "");
	}

	/**
	 * One step of a series: something a worker runs for one client in one round.
	 *
	 * @param <R> its result
	 */
	@FunctionalInterface
	private interface Step<R> {

		R run(ClientKind client, int round) throws InterruptedException;

	}

}
