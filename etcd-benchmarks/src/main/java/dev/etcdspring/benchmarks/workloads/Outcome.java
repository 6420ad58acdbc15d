package dev.etcdspring.benchmarks.workloads;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * What the calls of one measured window came to: the calls that completed inside it, how
 * many of those were unexpected answers or failures, and their latency. Outcomes of
 * several windows add up ({@link #plus}).
 *
 * @param ops calls completed in the window (unexpected answers included, failures not)
 * @param unexpected of those, valid answers that were not the expected ones (a failed
 * comparison, a missing key)
 * @param errors calls that failed in the window
 * @param latency latency of the calls completed in the window, in nanoseconds
 * @param firstError the run's first failure, in the window or not, or empty
 */
public record Outcome(long ops, long unexpected, long errors, Histogram latency, String firstError) {

	/** Lowest latency a histogram tells apart, in nanoseconds. */
	static final long LOWEST_NANOS = 1_000;

	/** Highest latency a histogram holds, in nanoseconds; longer ones count as this. */
	static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);

	/**
	 * A histogram for latencies or delays: 1 µs to 60 s, 3 significant digits.
	 * @return a new, empty histogram
	 */
	public static Histogram histogram() {
		return new Histogram(LOWEST_NANOS, HIGHEST_NANOS, 3);
	}

	/**
	 * A latency or delay as a histogram takes it: within its range.
	 * @param nanos the latency
	 * @return the latency, clamped
	 */
	static long clamp(long nanos) {
		return Math.min(Math.max(nanos, LOWEST_NANOS), HIGHEST_NANOS);
	}

	/**
	 * Nothing counted: what outcomes are added up from.
	 * @return no calls, an empty histogram
	 */
	public static Outcome none() {
		return new Outcome(0, 0, 0, histogram(), "");
	}

	/**
	 * The outcome of a window that produced no figures.
	 * @param error what went wrong
	 * @return one error, nothing else
	 */
	public static Outcome failed(String error) {
		return new Outcome(0, 0, 1, histogram(), error);
	}

	/**
	 * This outcome and another, added up: counts summed, latencies merged, the first
	 * error kept.
	 * @param other the other outcome
	 * @return the sum
	 */
	public Outcome plus(Outcome other) {
		Histogram latency = histogram();
		latency.add(this.latency);
		latency.add(other.latency);
		return new Outcome(this.ops + other.ops, this.unexpected + other.unexpected, this.errors + other.errors,
				latency, this.firstError.isEmpty() ? other.firstError : this.firstError);
	}

}
