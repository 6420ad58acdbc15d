package dev.etcdspring.benchmarks.workloads;

import java.util.List;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * The counts of one worker of a {@link WindowRun} (one request chain or caller thread)
 * over the measured window. Not thread-safe: touched by one call's completion at a time,
 * each happening before the worker's next call; read once the worker has finished.
 */
final class Tally {

	private final IntCountsHistogram latency = new IntCountsHistogram(Outcome.LOWEST_NANOS, Outcome.HIGHEST_NANOS, 3);

	private long ops;

	private long unexpected;

	private long errors;

	/**
	 * Counts one call that completed in the window.
	 * @param elapsedNanos its latency
	 * @param expected whether its answer was the expected one
	 * @param failed whether it failed (its latency is not recorded then)
	 */
	void add(long elapsedNanos, boolean expected, boolean failed) {
		if (failed) {
			this.errors++;
			return;
		}
		this.ops++;
		if (!expected) {
			this.unexpected++;
		}
		this.latency.recordValue(Outcome.clamp(elapsedNanos));
	}

	/**
	 * The workers' tallies added up.
	 * @param tallies every worker's tally
	 * @param firstError the run's first failure, or empty
	 * @return the window's outcome
	 */
	static Outcome sum(List<Tally> tallies, String firstError) {
		Histogram latency = Outcome.histogram();
		long ops = 0;
		long unexpected = 0;
		long errors = 0;
		for (Tally tally : tallies) {
			latency.add(tally.latency);
			ops += tally.ops;
			unexpected += tally.unexpected;
			errors += tally.errors;
		}
		return new Outcome(ops, unexpected, errors, latency, firstError);
	}

}
