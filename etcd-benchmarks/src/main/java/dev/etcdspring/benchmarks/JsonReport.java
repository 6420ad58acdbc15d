package dev.etcdspring.benchmarks;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link Report} as the JSON of {@code docs/benchmarks.json}: the same figures as the
 * Markdown, plus each round's raw figures. Times are in microseconds, CPU per request too.
 */
final class JsonReport {

	private JsonReport() {
	}

	/**
	 * Renders the report.
	 * @param report the report
	 * @return JSON text
	 */
	static String render(Report report) {
		Map<String, Object> root = new LinkedHashMap<>();
		MachineInfo machine = report.machine();
		BenchOptions options = report.options();
		root.put("quick", options.quick());
		root.put("date", machine.date().toString());
		root.put("command", machine.command());
		root.put("elapsedSeconds", report.elapsed().toSeconds());
		Map<String, Object> environment = new LinkedHashMap<>();
		environment.put("cores", machine.cores());
		environment.put("cpuModel", machine.cpuModel());
		environment.put("memory", machine.memory());
		environment.put("os", machine.os());
		environment.put("jvm", machine.jvm());
		environment.put("workerJvmFlags", WorkerProcess.JVM_FLAGS);
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
		root.put("settings", settings);
		root.put("results", report.cells().stream().map(JsonReport::cell).toList());
		List<Object> comparisons = new ArrayList<>();
		for (WorkloadKind workload : options.workloads()) {
			for (int inFlight : options.inFlight()) {
				Map<String, Object> comparison = new LinkedHashMap<>();
				comparison.put("workload", workload.id());
				comparison.put("inFlight", inFlight);
				report.compare(workload, inFlight, ClientKind.RAW).ifPresent((c) -> {
					comparison.put("oursVsRaw", ratios(c));
					comparison.put("meetsTargets", c.meetsTargets());
				});
				report.compare(workload, inFlight, ClientKind.JETCD)
					.ifPresent((c) -> comparison.put("oursVsJetcd", ratios(c)));
				comparisons.add(comparison);
			}
		}
		root.put("comparisons", comparisons);
		StringBuilder out = new StringBuilder();
		write(root, out, "");
		return out.append('\n').toString();
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
		json.put("gcCount", cell.gcCount());
		json.put("gcMillis", cell.gcMillis());
		json.put("jitMillis", cell.jitMillis());
		json.put("ops", cell.ops());
		json.put("errors", cell.errors());
		json.put("unexpected", cell.unexpected());
		json.put("firstError", cell.firstError());
		json.put("rounds", cell.rounds().stream().map(JsonReport::round).toList());
		return json;
	}

	private static Map<String, Object> round(RunResult round) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("opsPerSecond", round.opsPerSecond());
		json.put("windowMillis", round.windowNanos() / 1e6);
		json.put("ops", round.ops());
		json.put("p99Micros", round.latency().getValueAtPercentile(99) / 1e3);
		json.put("clientCpuMillis", round.clientCpuNanos() / 1e6);
		json.put("etcdCpuMillis", round.etcdCpuNanos() / 1e6);
		json.put("allocatedBytes", round.allocatedBytes());
		json.put("jitMillis", round.jitMillis());
		json.put("errors", round.errors());
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

	/** Writes maps, lists, strings, numbers and booleans, indented by tabs. */
	private static void write(Object value, StringBuilder out, String indent) {
		if (value instanceof Map<?, ?> map) {
			out.append('{');
			String inner = indent + '\t';
			String separator = "\n";
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				out.append(separator).append(inner);
				string(entry.getKey().toString(), out);
				out.append(": ");
				write(entry.getValue(), out, inner);
				separator = ",\n";
			}
			out.append(map.isEmpty() ? "}" : "\n" + indent + "}");
		}
		else if (value instanceof List<?> list) {
			boolean simple = list.stream().noneMatch((item) -> item instanceof Map || item instanceof List);
			out.append('[');
			String inner = indent + '\t';
			for (int i = 0; i < list.size(); i++) {
				out.append((i > 0) ? "," : "").append(simple ? ((i > 0) ? " " : "") : "\n" + inner);
				write(list.get(i), out, inner);
			}
			out.append((simple || list.isEmpty()) ? "]" : "\n" + indent + "]");
		}
		else if (value instanceof Double number) {
			// five significant digits, never an exponent
			out.append((number.isNaN() || number.isInfinite()) ? "null"
					: new BigDecimal(number).round(new MathContext(5)).stripTrailingZeros().toPlainString());
		}
		else if (value instanceof Number || value instanceof Boolean) {
			out.append(value);
		}
		else {
			string(String.valueOf(value), out);
		}
	}

	private static void string(String text, StringBuilder out) {
		out.append('"');
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\t' -> out.append("\\t");
				case '\r' -> out.append("\\r");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
