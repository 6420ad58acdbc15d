package dev.etcdspring.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What to run, from the command line. Options are {@code --name=value} words; arguments may also
 * hold several space-separated words (as Maven passes {@code -Dbench.args}).
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
 * @param out output directory
 * @param arguments the arguments as given
 */
public record BenchOptions(boolean quick, int rounds, Duration warmup, Duration window, Duration jitWarmup,
		int jitWarmupCycles, List<WorkloadKind> workloads, List<Integer> inFlight, List<ClientKind> clients, int keys,
		int valueSize, long maxOps, Path out, List<String> arguments) {

	/** The options and their defaults. */
	public static final String USAGE = """
			Options (defaults in brackets):
			  --quick                 development mode: 1 round, 0.3 s warm-up, 1 s window, short JIT warm-up
			  --rounds=N              [3] each round runs every client once per workload and in-flight count
			  --warmup-ms=N           [500] warm-up before each measured window
			  --window-ms=N           [2500] measured window
			  --jit-warmup-ms=N       [1000] per workload in each JIT warm-up cycle (16 in flight)
			  --jit-warmup-cycles=N   [10] at most this many cycles per client, fewer once the JIT calms down
			  --workloads=A,B         [put,get-serializable,get-linearizable,txn]
			  --in-flight=A,B         [1,16,128] requests kept in flight
			  --clients=A,B           [ours,raw,jetcd]
			  --keys=N                [10000] keys per key set
			  --value-size=N          [256] bytes per value
			  --max-ops=N             [10000000] at most this many requests per run
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
				case "out" -> out = Path.of(value);
				default -> throw new IllegalArgumentException("Unknown option '" + word + "'");
			}
		}
		int keyCount = keys;
		if (inFlight.stream().anyMatch((count) -> count > keyCount)) {
			throw new IllegalArgumentException("More requests in flight than keys: " + inFlight + " > " + keys);
		}
		return new BenchOptions(quick, rounds, warmup, window, jitWarmup, jitWarmupCycles, workloads, inFlight, clients, keys,
				valueSize, maxOps, out, List.copyOf(words));
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
		long runs = (long) this.workloads.size() * this.inFlight.size() * this.clients.size() * this.rounds;
		return this.warmup.plus(this.window).multipliedBy(runs);
	}

	/**
	 * How long one JIT warm-up cycle of one client takes.
	 * @return its duration
	 */
	public Duration jitWarmupCycle() {
		return this.jitWarmup.multipliedBy(this.workloads.size());
	}

}
