package dev.etcdspring.benchmarks.workloads;

import org.HdrHistogram.Histogram;

/**
 * One watch-throughput run of one client: one prefix watch while the writer puts
 * {@code expected} new keys under the prefix. Travels from worker to coordinator as one
 * line of JSON.
 *
 * @param client the client id
 * @param expected keys put, so events expected
 * @param writers puts kept in flight by the writer
 * @param nanos from the first put sent to the last event received
 * @param lastEventDelayNanos from the last put acknowledgement to the last event received
 * (negative when the event overtook the acknowledgement)
 * @param received events received
 * @param distinct distinct keys among them
 * @param duplicates events for a key already seen
 * @param outOfOrder events whose revision was not above the previous event's
 * @param badEvents events with a key outside the run's keys or a value of the wrong size
 * @param putErrors puts that failed
 * @param writerCpuNanos CPU time of the writer's own threads (its event loop and callback
 * pool, which also send the puts) over the measured stretch
 * @param usage what the meters counted from the first put to the last event: the worker
 * JVM's CPU time (watcher and writer), etcd's, the JIT's (part of the CPU time),
 * allocation
 * @param delay per event, from its put being sent to the event reaching the sink, in
 * nanoseconds
 * @param error what went wrong, or empty
 */
public record WatchThroughputResult(String client, int expected, int writers, long nanos, long lastEventDelayNanos,
		long received, long distinct, long duplicates, long outOfOrder, long badEvents, long putErrors,
		long writerCpuNanos, Usage usage, Histogram delay, String error) {

	/**
	 * A run that produced no figures.
	 * @param client the client id
	 * @param expected keys to put
	 * @param writers puts in flight
	 * @param error what went wrong
	 * @return the result
	 */
	public static WatchThroughputResult failed(String client, int expected, int writers, String error) {
		return new WatchThroughputResult(client, expected, writers, 0, 0, 0, 0, 0, 0, 0, 0, 0, Usage.NONE,
				Outcome.histogram(), error);
	}

	/**
	 * Events received per second, first put to last event.
	 * @return the rate
	 */
	public double eventsPerSecond() {
		return (this.nanos > 0) ? this.received * 1e9 / this.nanos : 0;
	}

	/**
	 * Whether every key's event arrived exactly once, in order, and nothing failed.
	 * @return whether the run is valid
	 */
	public boolean complete() {
		return this.error.isEmpty() && this.distinct == this.expected && this.duplicates == 0 && this.outOfOrder == 0
				&& this.badEvents == 0 && this.putErrors == 0;
	}

}
