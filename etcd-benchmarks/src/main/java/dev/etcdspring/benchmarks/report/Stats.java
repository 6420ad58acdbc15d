package dev.etcdspring.benchmarks.report;

import java.util.Arrays;

/**
 * Statistics over a client's runs that are not plain sums.
 */
final class Stats {

	private Stats() {
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
