package dev.etcdspring.benchmarks.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.etcdspring.benchmarks.BenchOptions;
import dev.etcdspring.benchmarks.BenchPart;
import dev.etcdspring.benchmarks.clients.ClientKind;
import dev.etcdspring.benchmarks.workloads.RunResult;
import dev.etcdspring.benchmarks.workloads.StartupResult;
import dev.etcdspring.benchmarks.workloads.TemplateResult;
import dev.etcdspring.benchmarks.workloads.WatchScaleResult;
import dev.etcdspring.benchmarks.workloads.WatchThroughputResult;
import dev.etcdspring.benchmarks.workloads.WorkloadKind;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Renders a {@link Report} as the JSON of {@code docs/benchmarks.json}: the same figures
 * as the Markdown, plus each round's raw figures. Times are in microseconds, CPU per
 * request too. This class decides the document's shape (ordered maps, in the order the
 * fields are written); Jackson writes it, indented by tabs, figures with five significant
 * digits.
 */
final class JsonReport {

	private static final JsonMapper JSON = JsonMapper.builder()
		.addModule(new SimpleModule("figures").addSerializer(Double.class, new FigureSerializer()))
		.defaultPrettyPrinter(new DefaultPrettyPrinter(Separators.createDefaultInstance()
			.withObjectNameValueSpacing(Separators.Spacing.AFTER)
			.withObjectEmptySeparator("")
			.withArrayEmptySeparator("")).withObjectIndenter(new DefaultIndenter("\t", "\n"))
			.withArrayIndenter(new DefaultIndenter("\t", "\n")))
		.enable(SerializationFeature.INDENT_OUTPUT)
		.build();

	private JsonReport() {
	}

	/**
	 * Renders the report.
	 * @param report the report
	 * @return the JSON text
	 */
	static String render(Report report) {
		Map<String, Object> root = new LinkedHashMap<>();
		MachineInfo machine = report.machine();
		BenchOptions options = report.options();
		root.put("quick", options.quick());
		root.put("floor", Report.FLOOR.id());
		root.put("date", machine.date().toString());
		root.put("command", machine.command());
		root.put("elapsedSeconds", report.elapsed().toSeconds());
		Map<String, Object> environment = new LinkedHashMap<>();
		environment.put("cores", machine.cores());
		environment.put("cpuModel", machine.cpuModel());
		environment.put("memory", machine.memory());
		environment.put("os", machine.os());
		environment.put("jvm", machine.jvm());
		environment.put("workerJvmFlags", machine.workerJvmFlags());
		environment.put("etcdVersion", machine.etcdVersion());
		environment.put("etcdDataDirectory", "/dev/shm");
		environment.put("repositoryHead", machine.repositoryHead());
		Map<String, Object> libraries = new LinkedHashMap<>();
		report.libraries().forEach((client, jars) -> libraries.put(client.id(), jars));
		environment.put("libraries", libraries);
		root.put("environment", environment);
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("rounds", options.rounds());
		settings.put("warmupMillis", options.warmup().toMillis());
		settings.put("windowMillis", options.window().toMillis());
		settings.put("jitWarmupMillisPerWorkload", options.jitWarmup().toMillis());
		settings.put("jitWarmupMaxCycles", options.jitWarmupCycles());
		Map<String, Object> cycles = new LinkedHashMap<>();
		report.warmupCycles().forEach((client, count) -> cycles.put(client.id(), count));
		settings.put("jitWarmupCycles", cycles);
		settings.put("keys", options.keys());
		settings.put("valueSize", options.valueSize());
		settings.put("inFlight", options.inFlight());
		settings.put("workloads", options.workloads().stream().map(WorkloadKind::id).toList());
		settings.put("clients", options.clients().stream().map(ClientKind::id).toList());
		settings.put("parts", options.parts().stream().map(BenchPart::id).toList());
		settings.put("watchEvents", options.watchEvents());
		settings.put("watchRounds", options.watchRounds());
		settings.put("watchWriters", options.watchWriters());
		settings.put("watches", options.watches());
		settings.put("scaleRounds", options.scaleRounds());
		settings.put("probes", options.probes());
		settings.put("templateThreads", options.templateThreads());
		settings.put("templateWindowMillis", options.templateWindow().toMillis());
		settings.put("startupRuns", options.startupRuns());
		settings.put("startupJvmFlags", machine.startupJvmFlags());
		root.put("settings", settings);
		root.put("results", report.cells().stream().map(JsonReport::cell).toList());
		List<Object> comparisons = new ArrayList<>();
		for (WorkloadKind workload : report.cells().isEmpty() ? List.<WorkloadKind>of() : options.workloads()) {
			for (int inFlight : options.inFlight()) {
				Map<String, Object> comparison = new LinkedHashMap<>();
				comparison.put("workload", workload.id());
				comparison.put("inFlight", inFlight);
				report.compare(workload, inFlight, Report.FLOOR).ifPresent((c) -> {
					comparison.put("oursVsRawDirect", ratios(c));
					comparison.put("meetsTargets", c.meetsTargets());
				});
				report.compare(workload, inFlight, ClientKind.RAW_DEFAULT)
					.ifPresent((c) -> comparison.put("oursVsRawDefault", ratios(c)));
				report.compare(workload, inFlight, ClientKind.JETCD)
					.ifPresent((c) -> comparison.put("oursVsJetcd", ratios(c)));
				comparisons.add(comparison);
			}
		}
		root.put("comparisons", comparisons);
		if (!report.watchThroughput().isEmpty()) {
			root.put("watchThroughput", watchThroughput(report));
		}
		if (!report.watchScale().isEmpty()) {
			root.put("watchScale", watchScale(report));
		}
		if (!report.template().isEmpty()) {
			root.put("templateOverhead", template(report));
		}
		if (!report.startup().isEmpty()) {
			root.put("startup", startup(report));
		}
		return JSON.writeValueAsString(root) + "\n";
	}

	private static Map<String, Object> cell(CellResult cell) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("workload", cell.workload().id());
		json.put("inFlight", cell.inFlight());
		json.put("client", cell.client().id());
		json.put("opsPerSecond", cell.opsPerSecond());
		json.put("spread", cell.spread());
		Map<String, Object> latency = new LinkedHashMap<>();
		latency.put("p50", cell.latencyMicros(50));
		latency.put("p99", cell.latencyMicros(99));
		latency.put("p999", cell.latencyMicros(99.9));
		latency.put("max", cell.latency().getMaxValue() / 1e3);
		json.put("latencyMicros", latency);
		json.put("clientCpuMicrosPerOp", cell.clientCpuMicrosPerOp());
		json.put("etcdCpuMicrosPerOp", cell.etcdCpuMicrosPerOp());
		json.put("allocatedBytesPerOp", cell.allocatedBytesPerOp());
		json.put("gcCount", cell.usage().gcCount());
		json.put("gcMillis", cell.usage().gcMillis());
		json.put("jitMillis", cell.usage().jitMillis());
		json.put("ops", cell.outcome().ops());
		json.put("errors", cell.outcome().errors());
		json.put("unexpected", cell.outcome().unexpected());
		json.put("firstError", cell.outcome().firstError());
		json.put("rounds", cell.rounds().stream().map(JsonReport::round).toList());
		return json;
	}

	private static Map<String, Object> round(RunResult round) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("opsPerSecond", round.opsPerSecond());
		json.put("windowMillis", round.usage().nanos() / 1e6);
		json.put("ops", round.outcome().ops());
		json.put("p99Micros", round.outcome().latency().getValueAtPercentile(99) / 1e3);
		json.put("clientCpuMillis", round.usage().cpuNanos() / 1e6);
		json.put("etcdCpuMillis", round.usage().etcdCpuNanos() / 1e6);
		json.put("allocatedBytes", round.usage().allocatedBytes());
		json.put("jitMillis", round.usage().jitMillis());
		json.put("errors", round.outcome().errors());
		return json;
	}

	private static Map<String, Object> watchThroughput(Report report) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("writer",
				"raw stubs on a channel, event loop and executor of their own in each worker, the same for every client");
		List<Object> clients = new ArrayList<>();
		for (ClientKind client : ClientKind.values()) {
			report.watchThroughput(client).ifPresent((cell) -> {
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("client", client.id());
				entry.put("eventsPerSecond", cell.eventsPerSecond());
				entry.put("spread", cell.spread());
				entry.put("lastEventDelayMillis", cell.lastEventDelayMillis());
				entry.put("delayMillisP50", cell.delayMillis(50));
				entry.put("delayMillisP99", cell.delayMillis(99));
				entry.put("clientCpuMicrosPerEvent", cell.clientCpuMicrosPerEvent());
				entry.put("watcherCpuMicrosPerEvent", cell.watcherCpuMicrosPerEvent());
				entry.put("watcherCpuMicrosPerEventWithoutJit", cell.watcherCpuMicrosPerEventWithoutJit());
				entry.put("etcdCpuMicrosPerEvent", cell.etcdCpuMicrosPerEvent());
				entry.put("allocatedBytesPerEvent", cell.allocatedBytesPerEvent());
				entry.put("received", cell.received());
				entry.put("expected", cell.expected());
				entry.put("anomalies", cell.anomalies());
				entry.put("complete", cell.complete());
				entry.put("firstError", cell.firstError());
				entry.put("rounds", cell.rounds().stream().map(JsonReport::watchRound).toList());
				clients.add(entry);
			});
		}
		json.put("clients", clients);
		Map<String, Object> ratios = new LinkedHashMap<>();
		report.compareWatchThroughput(Report.FLOOR).ifPresent((ratio) -> {
			ratios.put("oursVsRawDirect", ratio);
			ratios.put("meetsTarget", ratio >= Report.WATCH_THROUGHPUT_TARGET);
		});
		report.compareWatchThroughput(ClientKind.RAW_DEFAULT)
			.ifPresent((ratio) -> ratios.put("oursVsRawDefault", ratio));
		report.compareWatchThroughput(ClientKind.JETCD).ifPresent((ratio) -> ratios.put("oursVsJetcd", ratio));
		json.put("eventsPerSecondRatios", ratios);
		return json;
	}

	private static Map<String, Object> watchRound(WatchThroughputResult round) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("eventsPerSecond", round.eventsPerSecond());
		json.put("millis", round.nanos() / 1e6);
		json.put("lastEventDelayMillis", round.lastEventDelayNanos() / 1e6);
		json.put("received", round.received());
		json.put("distinct", round.distinct());
		json.put("duplicates", round.duplicates());
		json.put("outOfOrder", round.outOfOrder());
		json.put("badEvents", round.badEvents());
		json.put("putErrors", round.putErrors());
		json.put("clientCpuMillis", round.usage().cpuNanos() / 1e6);
		json.put("writerCpuMillis", round.writerCpuNanos() / 1e6);
		json.put("jitMillis", round.usage().jitMillis());
		json.put("etcdCpuMillis", round.usage().etcdCpuNanos() / 1e6);
		json.put("allocatedBytes", round.usage().allocatedBytes());
		json.put("error", round.error());
		return json;
	}

	private static Map<String, Object> watchScale(Report report) {
		Map<String, Object> json = new LinkedHashMap<>();
		Map<String, Object> targets = new LinkedHashMap<>();
		targets.put("openMillisBelow", Report.WATCH_OPEN_TARGET_MILLIS);
		targets.put("heapBytesPerWatchBelow", Report.WATCH_HEAP_TARGET_BYTES);
		targets.put("threadsAddedAtMost", Report.WATCH_THREADS_TARGET);
		json.put("targets", targets);
		List<Object> clients = new ArrayList<>();
		for (ClientKind client : ClientKind.values()) {
			report.watchScale(client).ifPresent((cell) -> {
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("client", client.id());
				entry.put("watches", cell.watches());
				entry.put("openMillis", cell.openMillis());
				entry.put("callMillis", cell.callMillis());
				entry.put("heapBytesPerWatch", cell.heapBytesPerWatch());
				entry.put("threadsAdded", cell.threadsAdded());
				entry.put("probes", cell.probes());
				entry.put("probesDelivered", cell.probesDelivered());
				entry.put("deliveryMillis", cell.deliveryMillis());
				entry.put("closeMillis", cell.closeMillis());
				entry.put("complete", cell.complete());
				entry.put("meetsOpenTarget", cell.meetsOpenTarget());
				entry.put("meetsHeapTarget", cell.meetsHeapTarget());
				entry.put("meetsThreadsTarget", cell.meetsThreadsTarget());
				entry.put("firstError", cell.firstError());
				entry.put("rounds", cell.rounds().stream().map(JsonReport::scaleRound).toList());
				clients.add(entry);
			});
		}
		json.put("clients", clients);
		json.put("warmups", report.scaleWarmups().stream().map((warmup) -> {
			Map<String, Object> entry = scaleRound(warmup);
			entry.put("client", warmup.client());
			entry.put("watches", warmup.watches());
			return entry;
		}).toList());
		return json;
	}

	private static Map<String, Object> scaleRound(WatchScaleResult round) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("created", round.created());
		json.put("openMillis", round.openNanos() / 1e6);
		json.put("callMillis", round.callNanos() / 1e6);
		json.put("heapBeforeBytes", round.heapBeforeBytes());
		json.put("heapAfterBytes", round.heapAfterBytes());
		json.put("threadsBefore", round.threadsBefore());
		json.put("threadsAfter", round.threadsAfter());
		json.put("newThreads", round.newThreads());
		json.put("probesDelivered", round.probesDelivered());
		json.put("strayEvents", round.strayEvents());
		json.put("deliveryMillis", round.deliveryNanos() / 1e6);
		json.put("closeMillis", round.closeNanos() / 1e6);
		json.put("openCpuMillis", round.open().cpuNanos() / 1e6);
		json.put("openAllocatedBytes", round.open().allocatedBytes());
		json.put("error", round.error());
		return json;
	}

	private static Map<String, Object> template(Report report) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("cpuRatioTarget", Report.TEMPLATE_CPU_TARGET);
		List<Object> ops = new ArrayList<>();
		for (TemplateComparison comparison : report.templateComparisons()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("op", comparison.op());
			entry.put("threads", comparison.threads());
			for (boolean template : new boolean[] { false, true }) {
				Map<String, Object> mode = new LinkedHashMap<>();
				mode.put("opsPerSecond", comparison.opsPerSecond(template));
				mode.put("cpuMicrosPerOp", comparison.cpuMicrosPerOp(template));
				mode.put("p50Micros", comparison.latencyMicros(template, 50));
				mode.put("p99Micros", comparison.latencyMicros(template, 99));
				mode.put("allocatedBytesPerOp", comparison.allocatedBytesPerOp(template));
				mode.put("windows",
						(template ? comparison.template() : comparison.bare()).stream()
							.map(JsonReport::templateWindow)
							.toList());
				entry.put(template ? "template" : "bare", mode);
			}
			entry.put("cpuRatio", comparison.cpuRatio());
			entry.put("meetsTarget", comparison.meetsTarget());
			entry.put("failures", comparison.failures());
			entry.put("firstError", comparison.firstError());
			ops.add(entry);
		}
		json.put("ops", ops);
		return json;
	}

	private static Map<String, Object> templateWindow(TemplateResult window) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("windowMillis", window.usage().nanos() / 1e6);
		json.put("ops", window.outcome().ops());
		json.put("cpuMillis", window.usage().cpuNanos() / 1e6);
		json.put("allocatedBytes", window.usage().allocatedBytes());
		json.put("errors", window.outcome().errors());
		json.put("unexpected", window.outcome().unexpected());
		return json;
	}

	private static Map<String, Object> startup(Report report) {
		StartupSummary summary = report.startupSummary();
		Map<String, Object> json = new LinkedHashMap<>();
		for (String mode : StartupResult.MODES) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("coldMillisMedian", summary.medianMillis(mode, true));
			entry.put("warmMillisMedian", summary.medianMillis(mode, false));
			entry.put("uptimeMillisMedian", summary.medianUptimeMillis(mode));
			entry.put("runs", summary.attempts(mode));
			entry.put("successes", summary.successes(mode));
			json.put(mode, entry);
		}
		json.put("autoConfigurationColdMillis", summary.autoConfigurationMillis(true));
		json.put("autoConfigurationWarmMillis", summary.autoConfigurationMillis(false));
		json.put("clientBeanColdMillis", summary.clientBeanMillis(true));
		json.put("clientBeanWarmMillis", summary.clientBeanMillis(false));
		json.put("clientBuildFirstMillis", summary.buildMillis(true));
		json.put("clientBuildAgainMillis", summary.buildMillis(false));
		json.put("firstError", summary.firstError());
		json.put("runs", summary.runs().stream().map((run) -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("mode", run.mode());
			entry.put("coldMillis", run.coldNanos() / 1e6);
			entry.put("warmMillis", run.warmNanos() / 1e6);
			entry.put("coldClientBeanMillis", run.coldClientBeanNanos() / 1e6);
			entry.put("warmClientBeanMillis", run.warmClientBeanNanos() / 1e6);
			entry.put("firstBuildMillis", run.firstBuildNanos() / 1e6);
			entry.put("secondBuildMillis", run.secondBuildNanos() / 1e6);
			entry.put("uptimeMillis", run.uptimeMillis());
			entry.put("error", run.error());
			return entry;
		}).toList());
		return json;
	}

	private static Map<String, Object> ratios(Report.Comparison comparison) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("throughput", comparison.throughput());
		json.put("clientCpuPerOp", comparison.clientCpu());
		json.put("p99", comparison.p99());
		json.put("allocatedBytesPerOp", comparison.allocation());
		return json;
	}

	/**
	 * Writes every {@code double} (boxed in the maps) with five significant digits and
	 * never an exponent; NaN and infinities, figures that do not exist, as {@code null}.
	 */
	private static final class FigureSerializer extends StdSerializer<Double> {

		private static final MathContext DIGITS = new MathContext(5);

		FigureSerializer() {
			super(Double.class);
		}

		@Override
		public void serialize(Double value, JsonGenerator generator, SerializationContext context) {
			if (value.isNaN() || value.isInfinite()) {
				generator.writeNull();
				return;
			}
			generator.writeNumber(new BigDecimal(value).round(DIGITS).stripTrailingZeros().toPlainString());
		}

	}

}
