package dev.etcdspring.benchmarks.report;

import java.util.List;
import java.util.function.ToLongFunction;

import dev.etcdspring.benchmarks.workloads.TemplateResult;
import org.HdrHistogram.Histogram;

/**
 * One op of the template part: the bare client's windows against the template's, each added up.
 *
 * @param op {@code put} or {@code get}
 * @param bare the bare client's windows
 * @param template the template's windows
 */
record TemplateComparison(String op, List<TemplateResult> bare, List<TemplateResult> template) {

	/**
	 * The comparison of one op.
	 * @param op the op
	 * @param results every window of the part
	 * @return the comparison
	 */
	static TemplateComparison of(String op, List<TemplateResult> results) {
		return new TemplateComparison(op,
				results.stream().filter((r) -> r.op().equals(op) && r.mode().equals("bare")).toList(),
				results.stream().filter((r) -> r.op().equals(op) && r.mode().equals("template")).toList());
	}

	/**
	 * Caller threads.
	 * @return the count
	 */
	int threads() {
		return this.bare.isEmpty() ? 0 : this.bare.get(0).threads();
	}

	/**
	 * Calls per second.
	 * @param template the template's windows rather than the bare client's
	 * @return the rate
	 */
	double opsPerSecond(boolean template) {
		long nanos = sum(template, TemplateResult::windowNanos);
		return (nanos > 0) ? sum(template, TemplateResult::ops) * 1e9 / nanos : 0;
	}

	/**
	 * CPU time of the worker JVM per call.
	 * @param template the template's windows rather than the bare client's
	 * @return microseconds
	 */
	double cpuMicrosPerOp(boolean template) {
		long ops = sum(template, TemplateResult::ops);
		return (ops > 0) ? sum(template, TemplateResult::cpuNanos) / 1e3 / ops : Double.NaN;
	}

	/**
	 * Bytes allocated per call.
	 * @param template the template's windows rather than the bare client's
	 * @return bytes
	 */
	double allocatedBytesPerOp(boolean template) {
		long ops = sum(template, TemplateResult::ops);
		return (ops > 0) ? (double) sum(template, TemplateResult::allocatedBytes) / ops : Double.NaN;
	}

	/**
	 * A latency percentile.
	 * @param template the template's windows rather than the bare client's
	 * @param percentile such as 99
	 * @return microseconds
	 */
	double latencyMicros(boolean template, double percentile) {
		Histogram merged = new Histogram(1_000, 60_000_000_000L, 3);
		(template ? this.template : this.bare).forEach((r) -> merged.add(r.latency()));
		return (merged.getTotalCount() > 0) ? merged.getValueAtPercentile(percentile) / 1e3 : Double.NaN;
	}

	/**
	 * Template CPU per call divided by the bare client's.
	 * @return the ratio
	 */
	double cpuRatio() {
		return cpuMicrosPerOp(true) / cpuMicrosPerOp(false);
	}

	/**
	 * Whether the template stays within {@link Report#TEMPLATE_CPU_TARGET} of the bare client.
	 * @return whether it does, with no failed or unexpected call
	 */
	boolean meetsTarget() {
		return failures() == 0 && cpuRatio() <= Report.TEMPLATE_CPU_TARGET;
	}

	/**
	 * Failed and unexpected calls in all windows.
	 * @return the count
	 */
	long failures() {
		return sum(false, TemplateResult::errors) + sum(true, TemplateResult::errors)
				+ sum(false, TemplateResult::unexpected) + sum(true, TemplateResult::unexpected);
	}

	/**
	 * The first failure of any window.
	 * @return its description, or empty
	 */
	String firstError() {
		return java.util.stream.Stream.concat(this.bare.stream(), this.template.stream())
			.map(TemplateResult::firstError)
			.filter((e) -> !e.isEmpty())
			.findFirst()
			.orElse("");
	}

	private long sum(boolean template, ToLongFunction<TemplateResult> counter) {
		return (template ? this.template : this.bare).stream().mapToLong(counter).sum();
	}

}
