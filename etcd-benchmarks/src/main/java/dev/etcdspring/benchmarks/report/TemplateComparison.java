package dev.etcdspring.benchmarks.report;

import java.util.List;

import dev.etcdspring.benchmarks.workloads.Outcome;
import dev.etcdspring.benchmarks.workloads.TemplateResult;
import dev.etcdspring.benchmarks.workloads.Usage;

/**
 * One op of the template part: the bare client's windows against the template's, each
 * added up.
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
		return Stats.perSecond(outcome(template).ops(), usage(template).nanos());
	}

	/**
	 * CPU time of the worker JVM per call.
	 * @param template the template's windows rather than the bare client's
	 * @return microseconds
	 */
	double cpuMicrosPerOp(boolean template) {
		return Stats.per(usage(template).cpuNanos(), outcome(template).ops()) / 1e3;
	}

	/**
	 * Bytes allocated per call.
	 * @param template the template's windows rather than the bare client's
	 * @return bytes
	 */
	double allocatedBytesPerOp(boolean template) {
		return Stats.per(usage(template).allocatedBytes(), outcome(template).ops());
	}

	/**
	 * A latency percentile.
	 * @param template the template's windows rather than the bare client's
	 * @param percentile such as 99
	 * @return microseconds
	 */
	double latencyMicros(boolean template, double percentile) {
		Outcome outcome = outcome(template);
		return (outcome.latency().getTotalCount() > 0) ? outcome.latency().getValueAtPercentile(percentile) / 1e3
				: Double.NaN;
	}

	/**
	 * Template CPU per call divided by the bare client's.
	 * @return the ratio
	 */
	double cpuRatio() {
		return cpuMicrosPerOp(true) / cpuMicrosPerOp(false);
	}

	/**
	 * Whether the template stays within {@link Report#TEMPLATE_CPU_TARGET} of the bare
	 * client.
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
		Outcome bare = outcome(false);
		Outcome template = outcome(true);
		return bare.errors() + template.errors() + bare.unexpected() + template.unexpected();
	}

	/**
	 * The first failure of any window, the bare client's first.
	 * @return its description, or empty
	 */
	String firstError() {
		return outcome(false).plus(outcome(true)).firstError();
	}

	/**
	 * What the meters counted over one mode's windows.
	 * @param template the template's windows rather than the bare client's
	 * @return the windows' usage added up
	 */
	Usage usage(boolean template) {
		return windows(template).stream().map(TemplateResult::usage).reduce(Usage.NONE, Usage::plus);
	}

	/**
	 * What one mode's calls came to.
	 * @param template the template's windows rather than the bare client's
	 * @return the windows' outcomes added up
	 */
	Outcome outcome(boolean template) {
		return windows(template).stream().map(TemplateResult::outcome).reduce(Outcome.none(), Outcome::plus);
	}

	/**
	 * One mode's windows.
	 * @param template the template's windows rather than the bare client's
	 * @return the windows, in run order
	 */
	List<TemplateResult> windows(boolean template) {
		return template ? this.template : this.bare;
	}

}
