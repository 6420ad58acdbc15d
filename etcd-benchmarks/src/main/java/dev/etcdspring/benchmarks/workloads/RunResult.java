package dev.etcdspring.benchmarks.workloads;

import java.util.Map;

/**
 * What one measured window of one client produced, as raw counters: the coordinator adds windows
 * of several rounds up before it divides. Travels from worker to coordinator as one text line.
 *
 * @param workload the workload id
 * @param inFlight requests kept in flight
 * @param client the client id
 * @param usage what the meters counted over the window
 * @param outcome what the requests completed in the window came to
 */
public record RunResult(String workload, int inFlight, String client, Usage usage, Outcome outcome) {

	/**
	 * Writes this result as one line of {@code key=value} words.
	 * @return the line, without a line end
	 */
	public String encode() {
		return "workload=" + this.workload + " inFlight=" + this.inFlight + " client=" + this.client + " "
				+ Wire.encode(this.usage) + " " + Wire.encode(this.outcome);
	}

	/**
	 * Reads a line written by {@link #encode()}.
	 * @param line the line
	 * @return the result
	 */
	public static RunResult decode(String line) {
		Map<String, String> f = Wire.fields(line);
		return new RunResult(Wire.field(f, "workload"), Wire.integer(f, "inFlight"), Wire.field(f, "client"),
				Wire.usage(f), Wire.outcome(f));
	}

	/**
	 * Requests per second over the window.
	 * @return the throughput
	 */
	public double opsPerSecond() {
		return (this.usage.nanos() > 0) ? this.outcome.ops() * 1e9 / this.usage.nanos() : 0;
	}

}
