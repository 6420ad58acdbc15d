package dev.etcdspring.benchmarks.report;

import java.util.List;
import java.util.function.ToDoubleFunction;

import dev.etcdspring.benchmarks.workloads.StartupResult;

/**
 * The start-up part's figures: medians per mode over the JVMs that succeeded.
 *
 * @param runs every start-up JVM's result, in run order
 */
record StartupSummary(List<StartupResult> runs) {

	/**
	 * The median of one figure over a mode's successful runs.
	 * @param mode {@code with} or {@code without}
	 * @param cold the first start in each JVM rather than the second
	 * @return milliseconds, NaN without a successful run
	 */
	double medianMillis(String mode, boolean cold) {
		return median(mode, (run) -> (cold ? run.coldNanos() : run.warmNanos()) / 1e6);
	}

	/**
	 * The median time Spring spent instantiating the {@code etcdClient} bean in the runs
	 * with our auto-configuration.
	 * @param cold the first start in each JVM rather than the second
	 * @return milliseconds
	 */
	double clientBeanMillis(boolean cold) {
		return median("with", (run) -> (cold ? run.coldClientBeanNanos() : run.warmClientBeanNanos()) / 1e6);
	}

	/**
	 * The median time our client's builder took alone, in the JVMs without our
	 * auto-configuration after their two starts.
	 * @param first the first build in each JVM (loading gRPC and Netty) rather than the
	 * second (the connect itself)
	 * @return milliseconds
	 */
	double buildMillis(boolean first) {
		return median("without", (run) -> (first ? run.firstBuildNanos() : run.secondBuildNanos()) / 1e6);
	}

	/**
	 * The median time from a mode's JVM start until its first start was done.
	 * @param mode the mode
	 * @return milliseconds
	 */
	double medianUptimeMillis(String mode) {
		return median(mode, StartupResult::uptimeMillis);
	}

	/**
	 * What our auto-configuration adds to a start: the median with it minus the median
	 * without.
	 * @param cold the first start in each JVM rather than the second
	 * @return milliseconds
	 */
	double autoConfigurationMillis(boolean cold) {
		return medianMillis("with", cold) - medianMillis("without", cold);
	}

	/**
	 * Successful runs of a mode.
	 * @param mode the mode
	 * @return the count
	 */
	long successes(String mode) {
		return this.runs.stream().filter((run) -> run.mode().equals(mode) && run.error().isEmpty()).count();
	}

	/**
	 * Runs of a mode.
	 * @param mode the mode
	 * @return the count
	 */
	long attempts(String mode) {
		return this.runs.stream().filter((run) -> run.mode().equals(mode)).count();
	}

	/**
	 * The first failure of any run.
	 * @return its description, or empty
	 */
	String firstError() {
		return this.runs.stream()
			.filter((run) -> !run.error().isEmpty())
			.map((run) -> run.mode() + ": " + run.error())
			.findFirst()
			.orElse("");
	}

	private double median(String mode, ToDoubleFunction<StartupResult> figure) {
		return Stats.median(this.runs.stream()
			.filter((run) -> run.mode().equals(mode) && run.error().isEmpty())
			.mapToDouble(figure)
			.toArray());
	}

}
