package dev.etcdspring.benchmarks.driver;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.etcdspring.benchmarks.clients.BenchClient;
import dev.etcdspring.benchmarks.clients.ClientKind;
import dev.etcdspring.benchmarks.workloads.Dataset;
import dev.etcdspring.benchmarks.workloads.Measurements;
import dev.etcdspring.benchmarks.workloads.RunResult;
import dev.etcdspring.benchmarks.workloads.TemplateResult;
import dev.etcdspring.benchmarks.workloads.WatchScaleResult;
import dev.etcdspring.benchmarks.workloads.WatchThroughputResult;
import dev.etcdspring.benchmarks.workloads.WorkloadKind;

/**
 * A worker JVM: one client, driven by the coordinator over standard input and output.
 * Forked by {@link WorkerProcess}; not meant to be run by hand.
 *
 * <p>
 * Protocol, one line each way per step. The worker starts with
 * {@code --client= --endpoint= --etcd-pid= --clk-tck= --keys= --value-size= --max-ops=},
 * connects, reads one shared key, and writes {@code @@ready <library jar>,…}. Then for
 * each input line it writes one answer, or {@code @@failed <message>}; results are one
 * line of JSON each ({@link Protocol}):
 * <ul>
 * <li>{@code run <workload> <inFlight> <warmupMillis> <windowMillis>}:
 * {@code @@result <json>} ({@link RunResult});</li>
 * <li>{@code watch <events> <writers> <label>}: {@code @@watch-result <json>}
 * ({@link WatchThroughputResult});</li>
 * <li>{@code watch-scale <watches> <probes> <label>}: {@code @@scale-result <json>}
 * ({@link WatchScaleResult});</li>
 * <li>{@code template <op> <mode> <threads> <warmupMillis> <windowMillis>} (ours only):
 * {@code @@template-result <json>} ({@link TemplateResult}).</li>
 * </ul>
 * On {@code quit} or end of input it closes the clients and exits. Anything else the JVM
 * prints goes to standard error.
 */
public final class WorkerMain {

	private WorkerMain() {
	}

	/**
	 * Runs the worker.
	 * @param args {@code --name=value} options, see the class description
	 * @throws Exception when the client cannot start
	 */
	public static void main(String[] args) throws Exception {
		// a buffer larger than any reply: each reply leaves in one write
		PrintStream protocol = new PrintStream(
				new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 20), false,
				StandardCharsets.UTF_8);
		System.setOut(System.err);
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			options.put(arg.substring(2, equals), arg.substring(equals + 1));
		}
		ClientKind kind = ClientKind.of(options.get("client"));
		Dataset data = new Dataset(Integer.parseInt(options.get("keys")), Integer.parseInt(options.get("value-size")));
		try (BenchClient client = kind.connect(options.get("endpoint"))) {
			int size = client.get(data.kvKeys()[0], true).get(30, TimeUnit.SECONDS);
			if (size != data.value().length) {
				throw new IllegalStateException("The dataset is not loaded: key 0 has a value of " + size + " bytes");
			}
			try (Measurements measurements = new Measurements(kind, client, options.get("endpoint"), data,
					Long.parseLong(options.get("etcd-pid")), Long.parseLong(options.get("clk-tck")),
					Long.parseLong(options.get("max-ops")))) {
				reply(protocol,
						"ready " + client.libraries().stream().map(WorkerMain::jarOf).collect(Collectors.joining(",")));
				BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
				for (String line = input.readLine(); line != null && !line.equals("quit"); line = input.readLine()) {
					try {
						reply(protocol, handle(measurements, line.split(" ")));
					}
					catch (RuntimeException ex) {
						ex.printStackTrace();
						reply(protocol, "failed " + String.valueOf(ex).replace('\n', ' '));
					}
				}
			}
		}
		// the client is closed: do not wait for library threads that linger
		System.exit(0);
	}

	/** Runs one command and returns the reply (without the prefix). */
	private static String handle(Measurements measurements, String[] words) throws InterruptedException {
		return switch (words[0]) {
			// run <workload> <inFlight> <warmupMillis> <windowMillis>
			case "run" -> "result " + Protocol.encode(measurements.load(WorkloadKind.of(words[1]),
					Integer.parseInt(words[2]), millis(words[3]), millis(words[4])));
			// watch <events> <writers> <label>
			case "watch" -> "watch-result " + Protocol
				.encode(measurements.watchThroughput(Integer.parseInt(words[1]), Integer.parseInt(words[2]), words[3]));
			// watch-scale <watches> <probes> <label>
			case "watch-scale" -> "scale-result " + Protocol
				.encode(measurements.watchScale(Integer.parseInt(words[1]), Integer.parseInt(words[2]), words[3]));
			// template <op> <mode> <threads> <warmupMillis> <windowMillis>
			case "template" -> "template-result " + Protocol.encode(measurements.template(words[1], words[2],
					Integer.parseInt(words[3]), millis(words[4]), millis(words[5])));
			default -> throw new IllegalArgumentException("Unknown command '" + String.join(" ", words) + "'");
		};
	}

	private static Duration millis(String word) {
		return Duration.ofMillis(Long.parseLong(word));
	}

	/**
	 * Writes one reply line in one piece, so that nothing the JVM prints can land inside
	 * it.
	 */
	private static void reply(PrintStream protocol, String reply) {
		protocol.print(Protocol.PREFIX + reply + "\n");
		protocol.flush();
	}

	/**
	 * The jar a class was loaded from, without {@code .jar}; with its date for snapshot
	 * builds.
	 */
	private static String jarOf(String className) {
		try {
			Class<?> type = Class.forName(className, false, WorkerMain.class.getClassLoader());
			Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
			String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
			if (name.contains("SNAPSHOT") || Files.isDirectory(jar)) {
				Instant modified = Files.getLastModifiedTime(jar).toInstant();
				name += " (built " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
					.withZone(ZoneOffset.UTC)
					.format(modified) + ")";
			}
			return name;
		}
		catch (Exception ex) {
			return className + " (jar unknown)";
		}
	}

}
