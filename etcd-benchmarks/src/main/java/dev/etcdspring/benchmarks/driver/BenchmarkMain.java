package dev.etcdspring.benchmarks.driver;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.benchmarks.BenchOptions;
import dev.etcdspring.benchmarks.BenchPart;
import dev.etcdspring.benchmarks.clients.ClientKind;
import dev.etcdspring.benchmarks.report.Format;
import dev.etcdspring.benchmarks.report.MachineInfo;
import dev.etcdspring.benchmarks.report.Report;
import dev.etcdspring.benchmarks.workloads.Dataset;
import dev.etcdspring.benchmarks.workloads.RunResult;
import dev.etcdspring.benchmarks.workloads.StartupResult;
import dev.etcdspring.benchmarks.workloads.TemplateResult;
import dev.etcdspring.benchmarks.workloads.WatchScaleResult;
import dev.etcdspring.benchmarks.workloads.WatchThroughputResult;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.test.EtcdCluster;

/**
 * The benchmark's entry point and coordinator: starts one etcd member on tmpfs, loads the
 * shared keys, forks one worker JVM per client, runs every workload and in-flight count
 * on each client in turn for several rounds, then prints the report and writes
 * {@code benchmarks.md} and {@code benchmarks.json}. Options: see {@link BenchOptions}.
 *
 * <p>
 * The coordinator only waits while a worker runs, so the CPU a worker measures is its
 * client's.
 */
public final class BenchmarkMain {

	private BenchmarkMain() {
	}

	/**
	 * Runs the benchmark.
	 * @param args options, see {@link BenchOptions}
	 * @throws Exception when anything fails: the run is not worth reporting then
	 */
	public static void main(String[] args) throws Exception {
		BenchOptions options;
		try {
			options = BenchOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.print(BenchOptions.USAGE);
			System.exit(2);
			return;
		}
		long started = System.nanoTime();
		Duration jitWarmups = options.jitWarmupCycle().multipliedBy(options.clients().size());
		log("Running " + String.join(", ", options.parts().stream().map(BenchPart::id).toList())
				+ (options.runs(BenchPart.KV) ? "; the key-value rounds take "
						+ Format.duration(options.roundsDuration()) + ", after " + Format.duration(jitWarmups) + " to "
						+ Format.duration(jitWarmups.multipliedBy(options.jitWarmupCycles()))
						+ " of JIT warm-up and the start-up" : "")
				+ (options.quick() ? " (quick mode)" : ""));
		Dataset dataset = new Dataset(options.keys(), options.valueSize());
		try (EtcdCluster etcd = EtcdCluster.builder().baseDirectory(Path.of("/dev/shm")).start()) {
			String endpoint = etcd.clientEndpoints().get(0);
			long etcdPid = etcd.member(0).pid();
			log("etcd " + etcd.etcdBinary().version() + " at " + endpoint + ", pid " + etcdPid);
			MachineInfo machine = MachineInfo.collect(command(options.arguments()), etcd.etcdBinary().version(),
					WorkerProcess.JVM_FLAGS, StartupBenchmark.JVM_FLAGS);
			preload(endpoint, dataset);
			List<String> workerArguments = List.of("--endpoint=" + endpoint, "--etcd-pid=" + etcdPid,
					"--clk-tck=" + MachineInfo.clockTicksPerSecond(), "--keys=" + options.keys(),
					"--value-size=" + options.valueSize(), "--max-ops=" + options.maxOps());
			String classpath = System.getProperty("java.class.path");
			Map<ClientKind, WorkerProcess> workers = new EnumMap<>(ClientKind.class);
			Map<ClientKind, Integer> warmupCycles = new EnumMap<>(ClientKind.class);
			List<RunResult> kv = List.of();
			List<WatchThroughputResult> watchThroughput = List.of();
			List<WatchScaleResult> watchScale = List.of();
			List<WatchScaleResult> scaleWarmups = List.of();
			List<TemplateResult> template = List.of();
			Map<ClientKind, List<String>> libraries = new LinkedHashMap<>();
			try {
				if (needsWorkers(options)) {
					for (ClientKind client : options.clients()) {
						workers.put(client, WorkerProcess.start(client, classpath, workerArguments));
					}
				}
				Schedule schedule = new Schedule(options, workers);
				if (options.runs(BenchPart.KV)) {
					warmupCycles = schedule.warmUp();
					kv = schedule.run();
					reclaimSpace(endpoint);
				}
				if (options.runs(BenchPart.WATCH)) {
					log("Watch throughput: " + options.watchEvents() + " puts under a fresh prefix per run, "
							+ options.watchWriters() + " in flight");
					watchThroughput = schedule.watchThroughput();
					reclaimSpace(endpoint);
				}
				if (options.runs(BenchPart.WATCH_SCALE)) {
					log("Watch scale: " + options.watches() + " watches on distinct keys per run");
					watchScale = schedule.watchScale();
					scaleWarmups = schedule.scaleWarmups();
					reclaimSpace(endpoint);
				}
				if (options.runs(BenchPart.TEMPLATE)) {
					log("EtcdTemplate against the bare client: " + options.templateThreads() + " blocking threads");
					template = schedule.template();
				}
				workers.forEach((client, worker) -> libraries.put(client, worker.libraries()));
			}
			finally {
				workers.values().forEach(WorkerProcess::close);
			}
			List<StartupResult> startup = List.of();
			if (options.runs(BenchPart.STARTUP)) {
				log("Spring Boot start-up: " + options.startupRuns() + " fresh JVMs per mode");
				startup = StartupBenchmark.run(endpoint, options.startupRuns(), classpath);
			}
			Report report = new Report(machine, options, dataset, libraries, warmupCycles, kv, watchThroughput,
					watchScale, scaleWarmups, template, startup, Duration.ofNanos(System.nanoTime() - started));
			write(report, options.out());
		}
	}

	private static boolean needsWorkers(BenchOptions options) {
		return options.parts().stream().anyMatch((part) -> part != BenchPart.STARTUP);
	}

	/**
	 * Compacts the history and defragments the member after a part: the key-value rounds
	 * alone write gigabytes of revisions, and etcd's default 2 GiB quota would refuse the
	 * next part's writes.
	 */
	private static void reclaimSpace(String endpoint) {
		long started = System.nanoTime();
		// compacting millions of revisions takes longer than a request timeout's worth
		try (EtcdClient client = EtcdClient.builder()
			.endpoints(List.of(endpoint))
			.requestTimeout(Duration.ofMinutes(10))
			.build()) {
			long revision = client.kv().get("reclaim-space").join().header().revision();
			client.kv().compact(revision, true).join();
			client.maintenance().defragment(endpoint).join();
		}
		log("Compacted and defragmented etcd in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
	}

	private static void preload(String endpoint, Dataset dataset) throws InterruptedException {
		long started = System.nanoTime();
		try (EtcdClient client = EtcdClient.builder().endpoints(List.of(endpoint)).build()) {
			dataset.load(client);
		}
		log("Loaded " + dataset.keyCount() + " keys in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
				+ " ms");
	}

	/**
	 * The Maven command when run through the wrapper (which exports its arguments), else
	 * the JVM's.
	 */
	private static String command(List<String> arguments) {
		String maven = System.getenv("MAVEN_CMD_LINE_ARGS");
		if (maven != null && !maven.isBlank()) {
			return "./mvnw " + maven.trim();
		}
		return "java " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()) + " "
				+ BenchmarkMain.class.getName() + " " + String.join(" ", arguments);
	}

	private static void write(Report report, Path directory) throws IOException {
		String markdown = report.markdown();
		Files.createDirectories(directory);
		Files.writeString(directory.resolve("benchmarks.md"), markdown, StandardCharsets.UTF_8);
		Files.writeString(directory.resolve("benchmarks.json"), report.json(), StandardCharsets.UTF_8);
		System.out.println(markdown);
		log("Wrote " + directory.toAbsolutePath().normalize().resolve("benchmarks.md") + " and benchmarks.json");
	}

	/**
	 * Writes a progress line to standard error.
	 * @param message the line, without the {@code [bench]} prefix
	 */
	static void log(String message) {
		System.err.println("[bench] " + message);
	}

}
