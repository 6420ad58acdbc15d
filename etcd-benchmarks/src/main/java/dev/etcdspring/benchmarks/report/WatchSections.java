package dev.etcdspring.benchmarks.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoublePredicate;
import java.util.function.Function;

import dev.etcdspring.benchmarks.BenchOptions;
import dev.etcdspring.benchmarks.clients.ClientKind;

/**
 * The watch parts of the Markdown report: throughput and scale.
 */
final class WatchSections extends MarkdownText {

	WatchSections(Report report, StringBuilder out) {
		super(report, out);
	}

	void watchThroughput() {
		BenchOptions options = this.report.options();
		line("## Watch throughput");
		line();
		line("One prefix watch per client, on a fresh prefix per run, while a writer puts "
				+ String.format(Locale.ROOT, "%,d", options.watchEvents()) + " new keys under it ("
				+ options.valueSize() + "-byte values, " + options.watchWriters()
				+ " puts in flight, each sent from the "
				+ "previous one's completion). The writer is the same for every client: raw stubs in the client's "
				+ "worker JVM on a channel, event loop and callback pool of their own (sharing nothing with the watcher; "
				+ "on grpc-java's shared defaults it slowed a raw-stub watcher down), so the writes cost every worker "
				+ "the same and the differences come from the watchers. Each client runs warm-ups of a fifth of the keys each until its JIT "
				+ "compilers are busy less than 5% of a run (at most " + options.jitWarmupCycles() + "), then "
				+ options.watchRounds() + " measured run(s); the clients' order rotates.");
		line();
		line("- **events/s**: events received ÷ the time from the first put sent to the last event received. "
				+ "**±**: half the range of the runs' rates, relative to their mean.");
		line("- **last event**: from the last put's acknowledgement to the last event reaching the listener "
				+ "(median of the runs; negative when the event overtook the acknowledgement).");
		line("- **delay**: per event, from its put being sent to the event reaching the listener.");
		line("- **client CPU/event**: the worker JVM's CPU time over the run, watcher *and* writer, ÷ events; "
				+ "**watcher**: the same less the CPU time of the writer's own threads (which also send the puts), "
				+ "so the watcher's share, garbage collection and JIT included; **JIT excluded**: that share less "
				+ "the CPU time of the JIT compiler threads in the runs (from `/proc`), the watcher's cost once its code is compiled (what the "
				+ "CPU target refers to: after the warm-up the JIT still compiles for a few hundred milliseconds "
				+ "per run, more than the watchers differ by). **etcd CPU/event** and "
				+ "**alloc/event** (worker, writer included) likewise. **JIT ms**: the worker's JIT compilers over "
				+ "the runs (large values: the warm-up was too short).");
		line("- **received**: events counted by key. Every key must arrive exactly once and in revision order; "
				+ "**anomalies** counts duplicates, events out of order, events with a wrong key or value, and failed "
				+ "puts.");
		line();
		line("| client | events/s | ± | last event ms | delay p50 ms | delay p99 ms | client CPU µs/event "
				+ "| of which watcher | watcher, JIT excluded | etcd CPU µs/event | alloc B/event | JIT ms | received | anomalies |");
		line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
		List<String> notes = clientRows(this.report::watchThroughput, WatchThroughputCell::firstError,
				(cell) -> List.of(String.format(Locale.ROOT, "%,.0f", cell.eventsPerSecond()),
						(cell.rounds().size() > 1) ? String.format(Locale.ROOT, "%.1f%%", cell.spread() * 100) : "",
						Format.millis(cell.lastEventDelayMillis()), Format.millis(cell.delayMillis(50)),
						Format.millis(cell.delayMillis(99)), Format.micros(cell.clientCpuMicrosPerEvent()),
						Format.micros(cell.watcherCpuMicrosPerEvent()),
						Format.micros(cell.watcherCpuMicrosPerEventWithoutJit()),
						Format.micros(cell.etcdCpuMicrosPerEvent()),
						String.format(Locale.ROOT, "%,.0f", cell.allocatedBytesPerEvent()),
						Long.toString(cell.jitMillis()),
						String.format(Locale.ROOT, "%,d / %,d", cell.received(), cell.expected()),
						Long.toString(cell.anomalies())));
		line();
		ratioLine("events/s", this.report::compareWatchThroughput, "≥ " + Report.WATCH_THROUGHPUT_TARGET,
				(ratio) -> ratio >= Report.WATCH_THROUGHPUT_TARGET);
		ratioLine("watcher CPU/event with the JIT's time excluded", this.report::compareWatcherCpu,
				"≤ " + Report.WATCH_CPU_TARGET, (ratio) -> ratio <= Report.WATCH_CPU_TARGET);
		notes(notes);
	}

	/**
	 * One line of ratios ours ÷ each other client that ran, the floor's with its target.
	 * @param what what the ratios compare
	 * @param compare ours ÷ a client, when both ran
	 * @param target the target, as printed
	 * @param met whether a ratio to the floor meets the target
	 */
	private void ratioLine(String what, Function<ClientKind, Optional<Double>> compare, String target,
			DoublePredicate met) {
		List<String> ratios = new ArrayList<>();
		compare.apply(Report.FLOOR)
			.ifPresent((ratio) -> ratios.add(Report.FLOOR.id() + " " + Format.ratio(ratio) + " (target " + target + ": "
					+ check(met.test(ratio)) + ")"));
		for (ClientKind other : List.of(ClientKind.RAW_DEFAULT, ClientKind.JETCD)) {
			compare.apply(other).ifPresent((ratio) -> ratios.add(other.id() + " " + Format.ratio(ratio)));
		}
		if (!ratios.isEmpty()) {
			line("Ours ÷ theirs, " + what + ": " + String.join(", ", ratios) + ".");
			line();
		}
	}

	void watchScale() {
		BenchOptions options = this.report.options();
		line("## Watch scale");
		line();
		line(String.format(Locale.ROOT, "%,d", options.watches()) + " watches per client, one per key on distinct "
				+ "keys under a fresh prefix, opened from one thread as fast as the calls return. Each client runs a "
				+ "warm-up with a fifth of the watches, then " + options.scaleRounds() + " measured run(s); figures "
				+ "are medians over the runs (threads and delivery: the worst run).");
		line();
		line("- **open**: from the first watch call until the server confirmed the last watch (ours: every "
				+ "`created()` future complete; raw-direct and raw-default: every created response on their one shared "
				+ "stream; jetcd: "
				+ "every created notification, on one stream per watch). **calls**: the watch calls alone.");
		line("- **heap/watch**: used heap after three `System.gc()` with the watches open, minus the same before "
				+ "them, ÷ watches. The benchmark's own keys, array and listener exist before the first reading.");
		line("- **threads**: live threads with the watches open, minus before.");
		line("- **delivery**: " + options.probes() + " of the keys, spread over the set, are put through the shared "
				+ "writer; each of their watches must see its event and no other watch anything. **close**: closing "
				+ "every watch, one call each.");
		line();
		line("| client | watches | open ms | calls ms | heap B/watch | threads added | probes delivered | delivery ms "
				+ "| close ms | open < " + Format.duration(Duration.ofMillis((long) Report.WATCH_OPEN_TARGET_MILLIS))
				+ " | heap < " + (int) Report.WATCH_HEAP_TARGET_BYTES + " B | threads ≤ " + Report.WATCH_THREADS_TARGET
				+ " |");
		line("|---|---:|---:|---:|---:|---:|---:|---:|---:|:---:|:---:|:---:|");
		List<String> notes = clientRows(this.report::watchScale, WatchScaleCell::firstError,
				(cell) -> List.of(String.format(Locale.ROOT, "%,d", cell.watches()), Format.millis(cell.openMillis()),
						Format.millis(cell.callMillis()), String.format(Locale.ROOT, "%,.0f", cell.heapBytesPerWatch()),
						String.format(Locale.ROOT, "%+d", cell.threadsAdded()),
						cell.probesDelivered() + " / " + cell.probes(), Format.millis(cell.deliveryMillis()),
						Format.millis(cell.closeMillis()), check(cell.meetsOpenTarget()), check(cell.meetsHeapTarget()),
						check(cell.meetsThreadsTarget())));
		line();
		this.report.watchScale(ClientKind.OURS)
			.flatMap((ours) -> this.report.watchScale(Report.FLOOR)
				.map((floor) -> ours.openMillis() / floor.openMillis()))
			.ifPresent((ratio) -> {
				line("Ours ÷ " + Report.FLOOR.id() + ", open time: " + Format.ratio(ratio) + " (target ≤ "
						+ Report.WATCH_OPEN_RATIO_TARGET + ": " + check(ratio <= Report.WATCH_OPEN_RATIO_TARGET)
						+ ").");
				line();
			});
		if (!this.report.scaleWarmups().isEmpty()) {
			line("The warm-up runs, each worker's first watches (cold JIT, pools not grown yet: how an application "
					+ "opens its watches at start-up), with the threads started in each run:");
			line();
			line("| client | warm-up watches | open ms | calls ms | heap B/watch | threads added | threads started "
					+ "(warm-up; measured runs) |");
			line("|---|---:|---:|---:|---:|---:|---|");
			for (ClientKind client : ClientKind.values()) {
				this.report.scaleWarmup(client).ifPresent((warmup) -> {
					String measured = this.report.watchScale(client)
						.map((cell) -> String.join("; ",
								cell.rounds()
									.stream()
									.map((round) -> round.newThreads().isEmpty() ? "none" : round.newThreads())
									.toList()))
						.orElse("");
					line("| "
							+ String.join(" | ", client.id(), String.format(Locale.ROOT, "%,d", warmup.watches()),
									Format.millis(warmup.openNanos() / 1e6), Format.millis(warmup.callNanos() / 1e6),
									String.format(Locale.ROOT, "%,.0f", warmup.heapBytesPerWatch()),
									String.format(Locale.ROOT, "%+d", warmup.threadsAdded()),
									(warmup.newThreads().isEmpty() ? "none" : warmup.newThreads()) + "; " + measured)
							+ " |");
				});
			}
			line();
		}
		notes(notes);
	}

}
