package dev.etcdspring.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The order in which the workers run: first a JIT warm-up per client, then rounds in which every
 * client runs every workload at every in-flight count, one client at a time. Within a round the
 * clients take turns on each cell, and their order rotates from round to round, so that drift (a
 * growing etcd database, a busy neighbour) hits all of them alike.
 */
final class Schedule {

	/** The JIT counts as calm when it compiles for less than this share of a warm-up cycle. */
	static final double JIT_CALM = 0.05;

	/** Requests in flight during the JIT warm-up. */
	private static final int WARMUP_IN_FLIGHT = 16;

	private final BenchOptions options;

	private final Map<ClientKind, WorkerProcess> workers;

	Schedule(BenchOptions options, Map<ClientKind, WorkerProcess> workers) {
		this.options = options;
		this.workers = workers;
	}

	/**
	 * Runs every workload on each client in cycles, until the JIT compilers spend less than
	 * {@link #JIT_CALM} of a cycle's time or the cycles run out.
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
					jitMillis += result.jitMillis();
					nanos += result.windowNanos();
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
	 * @return one result per workload, in-flight count and client, in report order
	 * @throws InterruptedException if interrupted while waiting for a worker
	 */
	List<CellResult> run() throws InterruptedException {
		List<ClientKind> clients = this.options.clients();
		Map<String, List<RunResult>> results = new LinkedHashMap<>();
		int total = this.options.workloads().size() * this.options.inFlight().size() * this.options.rounds()
				* clients.size();
		int done = 0;
		for (WorkloadKind workload : this.options.workloads()) {
			for (int inFlight : this.options.inFlight()) {
				for (int round = 0; round < this.options.rounds(); round++) {
					for (int i = 0; i < clients.size(); i++) {
						ClientKind client = clients.get((round + i) % clients.size());
						RunResult result = this.workers.get(client)
							.run(workload, inFlight, this.options.warmup(), this.options.window());
						results.computeIfAbsent(key(workload, inFlight, client), (k) -> new ArrayList<>()).add(result);
						BenchmarkMain.log(String.format(Locale.ROOT, "[%d/%d] %s x%d %s, round %d: %s", ++done, total,
								workload.id(), inFlight, client.id(), round + 1, summary(result)));
					}
				}
			}
		}
		List<CellResult> cells = new ArrayList<>();
		for (WorkloadKind workload : this.options.workloads()) {
			for (int inFlight : this.options.inFlight()) {
				for (ClientKind client : ClientKind.values()) {
					List<RunResult> rounds = results.get(key(workload, inFlight, client));
					if (rounds != null) {
						cells.add(new CellResult(workload, inFlight, client, rounds));
					}
				}
			}
		}
		return cells;
	}

	private static String summary(RunResult result) {
		double cpu = (result.ops() > 0) ? result.clientCpuNanos() / 1e3 / result.ops() : Double.NaN;
		return String.format(Locale.ROOT, "%,.0f ops/s, p99 %s µs, client CPU %s µs/op, JIT %d ms%s",
				result.opsPerSecond(), MarkdownReport.micros(result.latency().getValueAtPercentile(99) / 1e3),
				MarkdownReport.micros(cpu), result.jitMillis(),
				(result.errors() > 0) ? ", " + result.errors() + " failed: " + result.firstError() : "");
	}

	private static String key(WorkloadKind workload, int inFlight, ClientKind client) {
		return workload.id() + "/" + inFlight + "/" + client.id();
	}

}
