package dev.etcdspring.benchmarks.workloads;

/**
 * What one measured window of one client produced, as raw counters: the coordinator adds
 * windows of several rounds up before it divides. Travels from worker to coordinator as
 * one line of JSON.
 *
 * @param workload the workload id
 * @param inFlight requests kept in flight
 * @param client the client id
 * @param usage what the meters counted over the window
 * @param outcome what the requests completed in the window came to
 */
public record RunResult(String workload, int inFlight, String client, Usage usage, Outcome outcome) {

	/**
	 * Requests per second over the window.
	 * @return the throughput
	 */
	public double opsPerSecond() {
		return (this.usage.nanos() > 0) ? this.outcome.ops() * 1e9 / this.usage.nanos() : 0;
	}

}
