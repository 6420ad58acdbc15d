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
			root.put("watchThroughput", WatchJson.watchThroughput(report));
		}
		if (!report.watchScale().isEmpty()) {
			root.put("watchScale", WatchJson.watchScale(report));
		}
		if (!report.template().isEmpty()) {
			root.put("templateOverhead", SpringJson.template(report));
		}
		if (!report.startup().isEmpty()) {
			root.put("startup", SpringJson.startup(report));
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
