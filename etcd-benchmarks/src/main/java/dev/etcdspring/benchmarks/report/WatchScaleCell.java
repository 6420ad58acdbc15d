package dev.etcdspring.benchmarks.report;

import java.util.List;
import java.util.function.ToDoubleFunction;

import dev.etcdspring.benchmarks.clients.ClientKind;
import dev.etcdspring.benchmarks.workloads.WatchScaleResult;

/**
 * One client's watch-scale runs: medians over the runs, worst case for threads and
 * delivery.
 *
 * @param client the client
 * @param rounds the runs, in run order
 */
record WatchScaleCell(ClientKind client, List<WatchScaleResult> rounds) {

	/**
	 * Watches per run.
	 * @return the count of the first run
	 */
	int watches() {
		return this.rounds.get(0).watches();
	}

	/**
	 * Median time until every watch was confirmed created.
	 * @return milliseconds
	 */
	double openMillis() {
		return median((round) -> round.openNanos() / 1e6);
	}

	/**
	 * Median time the watch calls took to return.
	 * @return milliseconds
	 */
	double callMillis() {
		return median((round) -> round.callNanos() / 1e6);
	}

	/**
	 * Median heap per open watch.
	 * @return bytes
	 */
	double heapBytesPerWatch() {
		return median(WatchScaleResult::heapBytesPerWatch);
	}

	/**
	 * Most threads the watches added in any run.
	 * @return the count
	 */
	int threadsAdded() {
		return this.rounds.stream().mapToInt(WatchScaleResult::threadsAdded).max().orElse(0);
	}

	/**
	 * Fewest probes delivered in any run.
	 * @return the count
	 */
	int probesDelivered() {
		return this.rounds.stream().mapToInt(WatchScaleResult::probesDelivered).min().orElse(0);
	}

	/**
	 * Probes per run.
	 * @return the count of the first run
	 */
	int probes() {
		return this.rounds.get(0).probes();
	}

	/**
	 * Median time from the first probe put until every probe's event arrived.
	 * @return milliseconds
	 */
	double deliveryMillis() {
		return median((round) -> round.deliveryNanos() / 1e6);
	}

	/**
	 * Median time closing every watch took.
	 * @return milliseconds
	 */
	double closeMillis() {
		return median((round) -> round.closeNanos() / 1e6);
	}

	/**
	 * Whether every run created every watch, delivered every probe and nothing else.
	 * @return whether all runs are valid
	 */
	boolean complete() {
		return this.rounds.stream().allMatch(WatchScaleResult::complete);
	}

	/**
	 * Whether the open time meets {@link Report#WATCH_OPEN_TARGET_MILLIS}.
	 * @return whether it does
	 */
	boolean meetsOpenTarget() {
		return complete() && openMillis() < Report.WATCH_OPEN_TARGET_MILLIS;
	}

	/**
	 * Whether the heap per watch meets {@link Report#WATCH_HEAP_TARGET_BYTES}.
	 * @return whether it does
	 */
	boolean meetsHeapTarget() {
		return complete() && heapBytesPerWatch() < Report.WATCH_HEAP_TARGET_BYTES;
	}

	/**
	 * Whether the threads added meet {@link Report#WATCH_THREADS_TARGET}.
	 * @return whether they do
	 */
	boolean meetsThreadsTarget() {
		return complete() && threadsAdded() <= Report.WATCH_THREADS_TARGET;
	}

	/**
	 * The first run's error.
	 * @return its description, or empty
	 */
	String firstError() {
		return this.rounds.stream().map(WatchScaleResult::error).filter((e) -> !e.isEmpty()).findFirst().orElse("");
	}

	private double median(ToDoubleFunction<WatchScaleResult> figure) {
		return Stats.median(this.rounds.stream().mapToDouble(figure).toArray());
	}

}
