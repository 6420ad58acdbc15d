package dev.etcdspring.benchmarks.report;

import java.time.Duration;
import java.util.Locale;

/**
 * How figures are written, in the reports and in the progress log: a few significant
 * digits, a dash for a figure that does not exist (no requests, a division by zero).
 */
public final class Format {

	private Format() {
	}

	/**
	 * Milliseconds: two decimals below 10, one below 100, none above.
	 * @param value milliseconds
	 * @return the text
	 */
	public static String millis(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return "–";
		}
		return String.format(Locale.ROOT, (Math.abs(value) < 10) ? "%.2f" : (Math.abs(value) < 100) ? "%.1f" : "%,.0f",
				value);
	}

	/**
	 * A part of a whole as a percentage; a dash when the whole is not positive (noise
	 * around zero).
	 * @param part the part
	 * @param whole the whole
	 * @return the text
	 */
	public static String share(double part, double whole) {
		if (Double.isNaN(part) || Double.isNaN(whole) || whole <= 0) {
			return "–";
		}
		return String.format(Locale.ROOT, "%.0f%%", part / whole * 100);
	}

	/**
	 * Microseconds (or any figure of that size, such as bytes): one decimal below 100,
	 * none above.
	 * @param value the figure
	 * @return the text
	 */
	public static String micros(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return "–";
		}
		return String.format(Locale.ROOT, (value < 100) ? "%.1f" : "%,.0f", value);
	}

	/**
	 * A ratio, two decimals.
	 * @param value the ratio
	 * @return the text
	 */
	public static String ratio(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return "–";
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

	/**
	 * A duration in seconds, or minutes and seconds from a minute on.
	 * @param duration the duration
	 * @return the text
	 */
	public static String duration(Duration duration) {
		if (duration.toMillis() < 60_000) {
			return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0).replace(".0 s", " s");
		}
		return duration.toMinutes() + " min " + duration.toSecondsPart() + " s";
	}

}
