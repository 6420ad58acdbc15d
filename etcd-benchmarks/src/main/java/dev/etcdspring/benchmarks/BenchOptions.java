package dev.etcdspring.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.etcdspring.benchmarks.clients.ClientKind;
import dev.etcdspring.benchmarks.workloads.Measurements;
import dev.etcdspring.benchmarks.workloads.WorkloadKind;

/**
 * What to run, from the command line. Options are {@code --name=value} words; arguments
 * may also hold several space-separated words (as Maven passes {@code -Dbench.args}).
 *
 * See {@link #USAGE} for the options.
 *
 * @param quick whether the quick defaults apply
 * @param rounds rounds
 * @param warmup warm-up per run
 * @param window measured window per run
 * @param jitWarmup time per workload in one JIT warm-up cycle, before the first round
 * @param jitWarmupCycles most JIT warm-up cycles per client
 * @param workloads workloads, in order
 * @param inFlight in-flight counts, in order
 * @param clients clients, in order of the first round
 * @param keys keys per key set
 * @param valueSize bytes per value
 * @param maxOps request cap per run
 * @param parts the parts to run, in run order
 * @param watchEvents keys put (so events expected) per watch-throughput run
 * @param watchRounds measured watch-throughput runs per client
 * @param watchWriters puts the watch-throughput writer keeps in flight
 * @param watches watches per watch-scale run
 * @param scaleRounds measured watch-scale runs per client
 * @param probes keys put to check delivery in a watch-scale run
 * @param templateThreads caller threads of the template part
 * @param templateWindow measured window per template run
 * @param startupRuns start-up JVMs per mode
 * @param out output directory
 * @param arguments the arguments as given
 */
public record BenchOptions(boolean quick, int rounds, Duration warmup, Duration window, Duration jitWarmup,
		int jitWarmupCycles, List<WorkloadKind> workloads, List<Integer> inFlight, List<ClientKind> clients, int keys,
		int valueSize, long maxOps, List<BenchPart> parts, int watchEvents, int watchRounds, int watchWriters,
		int watches, int scaleRounds, int probes, int templateThreads, Duration templateWindow, int startupRuns,
		Path out, List<String> arguments) {

	/** The options and their defaults. */
	public static final String USAGE = """
			Options (defaults in brackets):
			  --quick                 development mode: 1 round, 0.3 s warm-up, 1 s window, short JIT warm-up,
			                          smaller watch, template and start-up parts
			  --rounds=N              [3] each round runs every client once per workload and in-flight count
			  --warmup-ms=N           [500] warm-up before each measured window
			  --window-ms=N           [2500] measured window
			  --jit-warmup-ms=N       [1000] per workload in each JIT warm-up cycle (16 in flight)
			  --jit-warmup-cycles=N   [10] at most this many cycles per client, fewer once the JIT calms down
			  --workloads=A,B         [put,get-serializable,get-linearizable,txn,put-blocking,get-blocking]
			  --in-flight=A,B         [1,16,128] requests kept in flight
			  --clients=A,B           [ours,raw-direct,raw-default,jetcd] raw-direct: raw stubs on directExecutor(),
			                          the floor every ratio refers to; raw-default: the same on grpc-java's
			                          default executor
			  --keys=N                [10000] keys per key set
			  --value-size=N          [256] bytes per value
			  --max-ops=N             [10000000] at most this many requests per run
			  --parts=A,B             [kv,watch,watch-scale,template,startup] which parts run
			  --watch-events=N        [50000; quick 20000] keys put per watch-throughput run (each client
			                          warms up with runs of a fifth of them until the JIT calms)
			  --watch-rounds=N        [2; quick 1] measured watch-throughput runs per client
			  --watch-writers=N       [64] puts in flight from the shared writer
			  --watches=N             [10000] watches per watch-scale run (after a warm-up with a fifth)
			  --scale-rounds=N        [3; quick 1] measured watch-scale runs per client
			  --probes=N              [100] keys put to check delivery to the scale run's watches
			  --template-threads=N    [16] blocking caller threads in the template part
			  --template-window-ms=N  [1500; quick 500] measured window per template run (each run has
			                          the --warmup-ms warm-up first)
			  --startup-runs=N        [5; quick 2] fresh JVMs per start-up mode
			  --out=DIR               where benchmarks.md and benchmarks.json go: [../docs], or
			                          [target/benchmarks] in quick mode (relative to the working directory,
			                          the module's directory when run through Maven)
			""";

	/**
	 * Parses the command line.
	 * @param args the arguments
	 * @return the options
	 * @throws IllegalArgumentException for an unknown or malformed option
	 */
	public static BenchOptions parse(String... args) {
		List<String> words = new ArrayList<>();
		for (String arg : args) {
			Arrays.stream(arg.trim().split("\\s+")).filter((word) -> !word.isEmpty()).forEach(words::add);
		}
		boolean quick = words.contains("--quick");
		int rounds = quick ? 1 : 3;
		Duration warmup = Duration.ofMillis(quick ? 300 : 500);
		Duration window = Duration.ofMillis(quick ? 1000 : 2500);
		Duration jitWarmup = Duration.ofMillis(quick ? 250 : 1000);
		int jitWarmupCycles = quick ? 2 : 10;
		List<WorkloadKind> workloads = List.of(WorkloadKind.values());
		List<Integer> inFlight = List.of(1, 16, 128);
		List<ClientKind> clients = List.of(ClientKind.values());
		int keys = 10_000;
		int valueSize = 256;
		long maxOps = 10_000_000;
		List<BenchPart> parts = List.of(BenchPart.values());
		int watchEvents = quick ? 20_000 : 50_000;
		int watchRounds = quick ? 1 : 2;
		int watchWriters = 64;
		int watches = 10_000;
		int scaleRounds = quick ? 1 : 3;
		int probes = 100;
		int templateThreads = 16;
		Duration templateWindow = Duration.ofMillis(quick ? 500 : 1500);
		int startupRuns = quick ? 2 : 5;
		Path out = quick ? Path.of("target", "benchmarks") : Path.of("..", "docs");
		for (String word : words) {
			if (word.equals("--quick")) {
				continue;
			}
			int equals = word.indexOf('=');
			if (!word.startsWith("--") || equals < 0) {
				throw new IllegalArgumentException("Expected --name=value or --quick, not '" + word + "'");
			}
			String value = word.substring(equals + 1);
			switch (word.substring(2, equals)) {
				case "rounds" -> rounds = positive(word, Integer.parseInt(value));
				case "warmup-ms" -> warmup = Duration.ofMillis(Long.parseLong(value));
				case "window-ms" -> window = Duration.ofMillis(positive(word, Integer.parseInt(value)));
				case "jit-warmup-ms" -> jitWarmup = Duration.ofMillis(Long.parseLong(value));
				case "jit-warmup-cycles" -> jitWarmupCycles = Integer.parseInt(value);
				case "workloads" -> workloads = Arrays.stream(value.split(",")).map(WorkloadKind::of).toList();
				case "in-flight" -> inFlight = Arrays.stream(value.split(","))
					.map((count) -> positive(word, Integer.parseInt(count)))
					.toList();
				case "clients" -> clients = Arrays.stream(value.split(",")).map(ClientKind::of).toList();
				case "keys" -> keys = positive(word, Integer.parseInt(value));
				case "value-size" -> valueSize = positive(word, Integer.parseInt(value));
				case "max-ops" -> maxOps = Long.parseLong(value);
				case "parts" -> parts = Arrays.stream(value.split(",")).map(BenchPart::of).distinct().sorted().toList();
				case "watch-events" -> watchEvents = keyCount(word, Integer.parseInt(value));
				case "watch-rounds" -> watchRounds = positive(word, Integer.parseInt(value));
				case "watch-writers" -> watchWriters = positive(word, Integer.parseInt(value));
				case "watches" -> watches = keyCount(word, Integer.parseInt(value));
				case "scale-rounds" -> scaleRounds = positive(word, Integer.parseInt(value));
				case "probes" -> probes = positive(word, Integer.parseInt(value));
				case "template-threads" ->
					templateThreads = Math.min(Measurements.TEMPLATE_KEYS, positive(word, Integer.parseInt(value)));
				case "template-window-ms" ->
					templateWindow = Duration.ofMillis(positive(word, Integer.parseInt(value)));
				case "startup-runs" -> startupRuns = positive(word, Integer.parseInt(value));
				case "out" -> out = Path.of(value);
				default -> throw new IllegalArgumentException("Unknown option '" + word + "'");
			}
		}
		int keyCount = keys;
		if (inFlight.stream().anyMatch((count) -> count > keyCount)) {
			throw new IllegalArgumentException("More requests in flight than keys: " + inFlight + " > " + keys);
		}
		return new BenchOptions(quick, rounds, warmup, window, jitWarmup, jitWarmupCycles, workloads, inFlight, clients,
				keys, valueSize, maxOps, parts, watchEvents, watchRounds, watchWriters, watches, scaleRounds,
				Math.min(probes, watches), templateThreads, templateWindow, startupRuns, out, List.copyOf(words));
	}

	/**
	 * A key count of the watch parts: positive, and at most
	 * {@link Measurements#MAX_WATCH_KEYS}.
	 */
	private static int keyCount(String option, int value) {
		if (positive(option, value) > Measurements.MAX_WATCH_KEYS) {
			throw new IllegalArgumentException("Option " + option + " allows at most " + Measurements.MAX_WATCH_KEYS);
		}
		return value;
	}

	/**
	 * Whether a part runs.
	 * @param part the part
	 * @return whether it was chosen
	 */
	public boolean runs(BenchPart part) {
		return this.parts.contains(part);
	}

	private static int positive(String option, int value) {
		if (value < 1) {
			throw new IllegalArgumentException("Option " + option + " needs a positive number");
		}
		return value;
	}

	/**
	 * How long the measured rounds take.
	 * @return their duration
	 */
	public Duration roundsDuration() {
		if (!runs(BenchPart.KV)) {
			return Duration.ZERO;
		}
		long runs = (long) this.workloads.size() * this.inFlight.size() * this.clients.size() * this.rounds;
		return this.warmup.plus(this.window).multipliedBy(runs);
	}

	/**
	 * How long one JIT warm-up cycle of one client takes.
	 * @return its duration
	 */
	public Duration jitWarmupCycle() {
		if (!runs(BenchPart.KV)) {
			return Duration.ZERO;
		}
		return this.jitWarmup.multipliedBy(this.workloads.size());
	}

}
