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

import org.jspecify.annotations.Nullable;

/**
 * A worker JVM: one client, driven by the coordinator over standard input and output. Forked by
 * {@link WorkerProcess}; not meant to be run by hand.
 *
 * <p>Protocol, one line each way per step. The worker starts with
 * {@code --client= --endpoint= --etcd-pid= --clk-tck= --keys= --value-size= --max-ops=}, connects,
 * reads one shared key, and writes {@code @@ready <library jar>,…}. Then for each input line it
 * writes one answer, or {@code @@failed <message>}:
 * <ul>
 * <li>{@code run <workload> <inFlight> <warmupMillis> <windowMillis>}: {@code @@result <fields>}
 * ({@link RunResult#encode()});</li>
 * <li>{@code watch <events> <writers> <label>}: {@code @@watch-result <fields>}
 * ({@link WatchThroughputResult#encode()});</li>
 * <li>{@code watch-scale <watches> <probes> <label>}: {@code @@scale-result <fields>}
 * ({@link WatchScaleResult#encode()});</li>
 * <li>{@code template <op> <mode> <threads> <warmupMillis> <windowMillis>} (ours only):
 * {@code @@template-result <fields>} ({@link TemplateResult#encode()}).</li>
 * </ul>
 * On {@code quit} or end of input it closes the clients and exits. Anything else the JVM prints
 * goes to standard error.
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
			Commands commands = new Commands(kind, client, options.get("endpoint"), data, meters, maxOps);
			try {
				reply(protocol,
						"ready " + client.libraries().stream().map(WorkerMain::jarOf).collect(Collectors.joining(",")));
				BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
				for (String line = input.readLine(); line != null && !line.equals("quit"); line = input.readLine()) {
					try {
						reply(protocol, commands.handle(line.split(" ")));
					}
					catch (RuntimeException ex) {
						ex.printStackTrace();
						reply(protocol, "failed " + String.valueOf(ex).replace('\n', ' '));
					}
				}
			}
			finally {
				commands.close();
			}
		}
		// the client is closed: do not wait for library threads that linger
		System.exit(0);
	}

	/**
	 * The commands a worker understands, and what they need: the client under test, its workloads,
	 * and, made on first use, the shared writer of the watch parts and the template part's state.
	 */
	private static final class Commands implements AutoCloseable {

		private final ClientKind kind;

		private final BenchClient client;

		private final String endpoint;

		private final Dataset data;

		private final Meters meters;

		private final long maxOps;

		private final Map<WorkloadKind, Workload> workloads = new EnumMap<>(WorkloadKind.class);

		private @Nullable BenchClient writer;

		private @Nullable TemplateRun template;

		Commands(ClientKind kind, BenchClient client, String endpoint, Dataset data, Meters meters, long maxOps) {
			this.kind = kind;
			this.client = client;
			this.endpoint = endpoint;
			this.data = data;
			this.meters = meters;
			this.maxOps = maxOps;
			for (WorkloadKind workload : WorkloadKind.values()) {
				this.workloads.put(workload, workload.create(data, kind));
			}
		}

		/** Runs one command and returns the reply (without the prefix). */
		String handle(String[] words) throws InterruptedException {
			switch (words[0]) {
				case "run" -> {
					// run <workload> <inFlight> <warmupMillis> <windowMillis>
					LoadRun run = new LoadRun(this.workloads.get(WorkloadKind.of(words[1])), this.client,
							this.kind.id(), Integer.parseInt(words[2]), this.data.keyCount(), this.maxOps);
					return "result " + run.run(Duration.ofMillis(Long.parseLong(words[3])),
							Duration.ofMillis(Long.parseLong(words[4])), this.meters).encode();
				}
				case "watch" -> {
					// watch <events> <writers> <label>
					WatchThroughputRun run = new WatchThroughputRun(this.client, writer(), this.kind.id(),
							WatchKeys.prefix("watch", this.kind.id(), words[3]), Integer.parseInt(words[1]),
							this.data.value(), Integer.parseInt(words[2]));
					return "watch-result " + run.run(this.meters).encode();
				}
				case "watch-scale" -> {
					// watch-scale <watches> <probes> <label>
					WatchScaleRun run = new WatchScaleRun(this.client, writer(), this.kind.id(),
							WatchKeys.prefix("watch-scale", this.kind.id(), words[3]), Integer.parseInt(words[1]),
							Integer.parseInt(words[2]), this.data.value());
					return "scale-result " + run.run().encode();
				}
				case "template" -> {
					// template <op> <mode> <threads> <warmupMillis> <windowMillis>
					return "template-result " + template().run(words[1], words[2], Integer.parseInt(words[3]),
							Duration.ofMillis(Long.parseLong(words[4])), Duration.ofMillis(Long.parseLong(words[5])),
							this.maxOps, this.meters).encode();
				}
				default -> throw new IllegalArgumentException("Unknown command '" + String.join(" ", words) + "'");
			}
		}

		/**
		 * The writer of the watch parts: raw stubs on a channel and threads of their own, the same
		 * for every client under test, so that the writes cost every worker the same and share
		 * nothing with the watcher.
		 */
		private BenchClient writer() {
			BenchClient writer = this.writer;
			if (writer == null) {
				writer = RawStubsBenchClient.withOwnThreads(this.endpoint);
				this.writer = writer;
			}
			return writer;
		}

		private TemplateRun template() throws InterruptedException {
			TemplateRun template = this.template;
			if (template == null) {
				if (!(this.client instanceof OursBenchClient ours)) {
					throw new IllegalStateException("The template part runs on our client only, not " + this.kind.id());
				}
				template = new TemplateRun(ours.client(), this.data.value().length);
				this.template = template;
			}
			return template;
		}

		@Override
		public void close() {
			BenchClient writer = this.writer;
			if (writer != null) {
				writer.close();
			}
		}

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
