package dev.etcdspring.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.etcdspring.benchmarks.BenchOptions;
import dev.etcdspring.benchmarks.workloads.Measurements;

/**
 * The Spring parts of the Markdown report: the {@code EtcdTemplate} overhead and the
 * start-up.
 */
final class SpringSections extends MarkdownText {

	SpringSections(Report report, StringBuilder out) {
		super(report, out);
	}

	void template() {
		BenchOptions options = this.report.options();
		line("## EtcdTemplate overhead");
		line();
		line("In the ours worker, on its client: " + options.templateThreads() + " threads each call in a loop and "
				+ "block on every call. **template**: `new EtcdTemplate(client, new DefaultEtcdValueConverter("
				+ "ApplicationConversionService.getSharedInstance()))`, `put(key, value)` and `get(key)`; **bare**: "
				+ "`client.kv().put(key, value).join().header().revision()` and "
				+ "`client.kv().get(key).join().first().map(KeyValue::valueAsString)`, the same reads the template "
				+ "does. " + String.format(Locale.ROOT, "%,d", Measurements.TEMPLATE_KEYS) + " keys with "
				+ options.valueSize()
				+ "-character text values. Per op, one warm-up window per mode, then the measured windows bare, "
				+ "template, template, bare, each " + "after a " + Format.duration(options.warmup()) + " warm-up and "
				+ Format.duration(options.templateWindow())
				+ " long. CPU: the worker JVM's over the windows ÷ calls. Target: template CPU/op ≤ "
				+ Report.TEMPLATE_CPU_TARGET + "× bare.");
		line();
		line("| op | threads | bare ops/s | template ops/s | bare CPU µs/op | template CPU µs/op | template ÷ bare CPU "
				+ "| target | bare p99 µs | template p99 µs | bare alloc B/op | template alloc B/op |");
		line("|---|---:|---:|---:|---:|---:|---:|:---:|---:|---:|---:|---:|");
		List<String> notes = new ArrayList<>();
		for (TemplateComparison comparison : this.report.templateComparisons()) {
			if (!comparison.firstError().isEmpty()) {
				notes.add(comparison.op() + ": " + comparison.failures() + " failed or unexpected, first: "
						+ comparison.firstError());
			}
			line("| " + String.join(" | ", comparison.op(), Integer.toString(comparison.threads()),
					String.format(Locale.ROOT, "%,.0f", comparison.opsPerSecond(false)),
					String.format(Locale.ROOT, "%,.0f", comparison.opsPerSecond(true)),
					Format.micros(comparison.cpuMicrosPerOp(false)), Format.micros(comparison.cpuMicrosPerOp(true)),
					Format.ratio(comparison.cpuRatio()), check(comparison.meetsTarget()),
					Format.micros(comparison.latencyMicros(false, 99)),
					Format.micros(comparison.latencyMicros(true, 99)),
					String.format(Locale.ROOT, "%,.0f", comparison.allocatedBytesPerOp(false)),
					String.format(Locale.ROOT, "%,.0f", comparison.allocatedBytesPerOp(true))) + " |");
		}
		line();
		notes(notes);
	}

	void startup() {
		BenchOptions options = this.report.options();
		StartupSummary summary = this.report.startupSummary();
		line("## Spring Boot start-up");
		line();
		line(options.startupRuns() + " fresh JVM(s) per mode (`"
				+ String.join(" ", this.report.machine().startupJvmFlags())
				+ "`, this module's class path), the modes alternating: a minimal non-web `SpringApplication` "
				+ "(auto-configuration only, no beans or component scan of its own) without and with our "
				+ "auto-configuration (`spring.autoconfigure.exclude` of `EtcdAutoConfiguration` and "
				+ "`EtcdHealthContributorAutoConfiguration`). **cold**: the first start in the JVM (class loading "
				+ "included: what an application pays); **warm**: a second start in the same JVM after closing the "
				+ "first. Medians; the difference is the difference of the medians. The `etcdClient` bean's time "
				+ "comes from Spring's own start-up steps (`BufferingApplicationStartup`, recording bean "
				+ "instantiations in both modes). After its two starts, each JVM without our auto-configuration "
				+ "also builds our client alone, `EtcdClient.builder().endpoints(…).build()` (which connects), "
				+ "twice: the first build loads gRPC and Netty into a JVM where Spring is loaded already, as in a "
				+ "context with our auto-configuration; the second is the connect itself.");
		line();
		line("| | cold ms | warm ms | JVM start → first ready, ms | runs |");
		line("|---|---:|---:|---:|---:|");
		startupRow(summary, "context without our auto-configuration", "without");
		startupRow(summary, "context with our auto-configuration", "with");
		line("| **our auto-configuration (with − without)** | **" + Format.millis(summary.autoConfigurationMillis(true))
				+ "** | **" + Format.millis(summary.autoConfigurationMillis(false)) + "** | "
				+ Format.millis(summary.medianUptimeMillis("with") - summary.medianUptimeMillis("without")) + " | |");
		line("| of which the `etcdClient` bean (customizers, properties, connect) | "
				+ Format.millis(summary.clientBeanMillis(true)) + " | " + Format.millis(summary.clientBeanMillis(false))
				+ " | | |");
		line("| `EtcdClient` build alone: first in the JVM / again (the connect) | "
				+ Format.millis(summary.buildMillis(true)) + " | " + Format.millis(summary.buildMillis(false))
				+ " | | |");
		line("| build alone ÷ our auto-configuration | "
				+ Format.share(summary.buildMillis(true), summary.autoConfigurationMillis(true)) + " | "
				+ Format.share(summary.buildMillis(false), summary.autoConfigurationMillis(false)) + " | | |");
		line();
		if (!summary.firstError().isEmpty()) {
			notes(List.of(summary.firstError()));
		}
	}

	private void startupRow(StartupSummary summary, String name, String mode) {
		line("| " + String.join(" | ", name, Format.millis(summary.medianMillis(mode, true)),
				Format.millis(summary.medianMillis(mode, false)), Format.millis(summary.medianUptimeMillis(mode)),
				summary.successes(mode) + " / " + summary.attempts(mode)) + " |");
	}

}
