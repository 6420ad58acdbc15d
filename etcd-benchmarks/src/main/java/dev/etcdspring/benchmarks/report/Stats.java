package dev.etcdspring.benchmarks.report;

import java.util.Arrays;

/**
 * The arithmetic of the per-client views: rates and ratios of added-up counters, and the
 * statistics over runs that are not sums.
 */
final class Stats {

	private Stats() {
	}

	/**
	 * A total per unit, such as CPU nanoseconds per request.
	 * @param total the total
	 * @param count the units
	 * @return the ratio, NaN without units
	 */
	static double per(long total, long count) {
		return (count > 0) ? (double) total / count : Double.NaN;
	}

	/**
	 * A count per second.
	 * @param count the count
	 * @param nanos the time it took
	 * @return the rate, 0 without time
	 */
	static double perSecond(long count, long nanos) {
		return (nanos > 0) ? count * 1e9 / nanos : 0;
	}

	/**
	 * How far some rates spread: (highest - lowest) / 2 / mean, so ±this fraction of the
	 * mean.
	 * @param rates the rates, one per run
	 * @return the relative half-range, 0 with one run
	 */
	static double spread(double... rates) {
		double max = Arrays.stream(rates).max().orElse(0);
		double min = Arrays.stream(rates).min().orElse(0);
		double mean = Arrays.stream(rates).average().orElse(0);
		return (mean > 0) ? (max - min) / 2 / mean : 0;
	}

	/**
	 * The median of some values: the middle one, or the mean of the two middle ones.
	 * @param values the values, in any order
	 * @return the median, NaN when there are none
	 */
	static double median(double... values) {
		if (values.length == 0) {
			return Double.NaN;
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

}
