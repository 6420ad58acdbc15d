package dev.etcdspring.benchmarks.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.etcdspring.benchmarks.workloads.StartupResult;
import dev.etcdspring.benchmarks.workloads.TemplateResult;

/**
 * The Spring parts of the JSON report: the {@code EtcdTemplate} overhead and the
 * start-up.
 */
final class SpringJson {

	private SpringJson() {
	}

	static Map<String, Object> template(Report report) {
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
							.map(SpringJson::templateWindow)
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

	static Map<String, Object> startup(Report report) {
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

}
