package dev.etcdspring.benchmarks.workloads;

/**
 * One watch-scale run of one client: many watches on distinct keys opened at once, their
 * memory and threads, and a delivery check. Travels from worker to coordinator as one
 * line of JSON.
 *
 * @param client the client id
 * @param watches watches opened
 * @param created of those, confirmed created by the server
 * @param callNanos time the watch calls took to return, all of them
 * @param openNanos from the first call until the last watch was confirmed created
 * @param heapBeforeBytes used heap after garbage collections, before the watches
 * @param heapAfterBytes used heap after garbage collections, with the watches open
 * @param threadsBefore live threads before the watches
 * @param threadsAfter live threads with the watches open
 * @param newThreads the names of the threads started while opening the watches, numbers
 * replaced by {@code #}, with counts
 * @param probes keys put to check delivery
 * @param probesDelivered of those, keys whose event reached the sink
 * @param strayEvents events for keys that were not put, or repeated
 * @param deliveryNanos from the first probe put sent until every probe's event arrived
 * (or the wait ended)
 * @param closeNanos time closing every watch took
 * @param open what the meters counted while the watches were opened (until the last was
 * confirmed created): the worker JVM's CPU time and allocation, etcd's CPU time
 * @param error what went wrong, or empty
 */
public record WatchScaleResult(String client, int watches, int created, long callNanos, long openNanos,
		long heapBeforeBytes, long heapAfterBytes, int threadsBefore, int threadsAfter, String newThreads, int probes,
		int probesDelivered, long strayEvents, long deliveryNanos, long closeNanos, Usage open, String error) {

	/**
	 * A run that produced no figures.
	 * @param client the client id
	 * @param watches watches to open
	 * @param error what went wrong
	 * @return the result
	 */
	public static WatchScaleResult failed(String client, int watches, String error) {
		return new WatchScaleResult(client, watches, 0, 0, 0, 0, 0, 0, 0, "", 0, 0, 0, 0, 0, Usage.NONE, error);
	}

	/**
	 * Whether every watch was created, every probe delivered, nothing stray, and nothing
	 * failed.
	 * @return whether the run is valid
	 */
	public boolean complete() {
		return this.error.isEmpty() && this.created == this.watches && this.probesDelivered == this.probes
				&& this.strayEvents == 0;
	}

	/**
	 * Heap the open watches hold, per watch.
	 * @return bytes per watch
	 */
	public double heapBytesPerWatch() {
		return (this.watches > 0) ? (double) (this.heapAfterBytes - this.heapBeforeBytes) / this.watches : Double.NaN;
	}

	/**
	 * Threads started for the watches.
	 * @return live threads after minus before
	 */
	public int threadsAdded() {
		return this.threadsAfter - this.threadsBefore;
	}

}
