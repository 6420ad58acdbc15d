package dev.etcdspring.benchmarks;

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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A worker JVM: one client, driven by the coordinator over standard input and output. Forked by
 * {@link WorkerProcess}; not meant to be run by hand.
 *
 * <p>Protocol, one line each way per step. The worker starts with
 * {@code --client= --endpoint= --etcd-pid= --clk-tck= --keys= --value-size= --max-ops=}, connects,
 * reads one shared key, and writes {@code @@ready <library jar>,…}. Then for each input line
 * {@code run <workload> <inFlight> <warmupMillis> <windowMillis>} it writes
 * {@code @@result <fields>} (see {@link RunResult#encode()}) or {@code @@failed <message>}; on
 * {@code quit} or end of input it closes the client and exits. Anything else the JVM prints goes to
 * standard error.
 */
public final class WorkerMain {

	static final String PREFIX = "@@";

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
		Meters meters = new Meters(Long.parseLong(options.get("etcd-pid")), Long.parseLong(options.get("clk-tck")));
		long maxOps = Long.parseLong(options.get("max-ops"));
		try (BenchClient client = kind.connect(options.get("endpoint"))) {
			int size = client.get(data.kvKeys()[0], true).get(30, TimeUnit.SECONDS);
			if (size != data.value().length) {
				throw new IllegalStateException("The dataset is not loaded: key 0 has a value of " + size + " bytes");
			}
			Map<WorkloadKind, Workload> workloads = new EnumMap<>(WorkloadKind.class);
			for (WorkloadKind workload : WorkloadKind.values()) {
				workloads.put(workload, workload.create(data, kind));
			}
			reply(protocol, "ready " + client.libraries().stream().map(WorkerMain::jarOf).collect(Collectors.joining(",")));
			BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			for (String line = input.readLine(); line != null && !line.equals("quit"); line = input.readLine()) {
				String[] words = line.split(" ");
				try {
					LoadRun run = new LoadRun(workloads.get(WorkloadKind.of(words[1])), client, kind.id(),
							Integer.parseInt(words[2]), data.keyCount(), maxOps);
					RunResult result = run.run(Duration.ofMillis(Long.parseLong(words[3])),
							Duration.ofMillis(Long.parseLong(words[4])), meters);
					reply(protocol, "result " + result.encode());
				}
				catch (RuntimeException ex) {
					ex.printStackTrace();
					reply(protocol, "failed " + String.valueOf(ex).replace('\n', ' '));
				}
			}
		}
		// the client is closed: do not wait for library threads that linger
		System.exit(0);
	}

	/** Writes one reply line in one piece, so that nothing the JVM prints can land inside it. */
	private static void reply(PrintStream protocol, String reply) {
		protocol.print(PREFIX + reply + "\n");
		protocol.flush();
	}

	/** The jar a class was loaded from, without {@code .jar}; with its date for snapshot builds. */
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
