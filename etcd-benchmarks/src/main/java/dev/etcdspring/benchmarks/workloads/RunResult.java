package dev.etcdspring.benchmarks.workloads;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;

/**
 * What one measured window of one client produced, as raw counters: the coordinator adds windows
 * of several rounds up before it divides. Travels from worker to coordinator as one text line.
 *
 * @param workload the workload id
 * @param inFlight requests kept in flight
 * @param client the client id
 * @param windowNanos length of the measured window
 * @param ops requests completed in the window
 * @param unexpected of those, valid answers that were not the expected ones
 * @param errors requests that failed in the window
 * @param clientCpuNanos CPU time of the client's JVM over the window
 * @param etcdCpuNanos CPU time of the etcd process over the window
 * @param gcCount garbage collections in the window
 * @param gcMillis time the collectors report for them
 * @param jitMillis time the JIT compilers spent in the window (high when the warm-up was too short)
 * @param allocatedBytes bytes the client's JVM allocated in the window
 * @param latency latency of the requests completed in the window, in nanoseconds
 * @param firstError the first failure's description, or empty
 */
public record RunResult(String workload, int inFlight, String client, long windowNanos, long ops, long unexpected,
		long errors, long clientCpuNanos, long etcdCpuNanos, long gcCount, long gcMillis, long jitMillis, long allocatedBytes,
		Histogram latency, String firstError) {

	/**
	 * Writes this result as one line of {@code key=value} words.
	 * @return the line, without a line end
	 */
	public String encode() {
		ByteBuffer buffer = ByteBuffer.allocate(this.latency.getNeededByteBufferCapacity());
		int length = this.latency.encodeIntoCompressedByteBuffer(buffer);
		String histogram = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
		String error = Base64.getEncoder().encodeToString(this.firstError.getBytes(StandardCharsets.UTF_8));
		return "workload=" + this.workload + " inFlight=" + this.inFlight + " client=" + this.client + " windowNanos="
				+ this.windowNanos + " ops=" + this.ops + " unexpected=" + this.unexpected + " errors=" + this.errors
				+ " clientCpuNanos=" + this.clientCpuNanos + " etcdCpuNanos=" + this.etcdCpuNanos + " gcCount="
				+ this.gcCount + " gcMillis=" + this.gcMillis + " jitMillis=" + this.jitMillis + " allocatedBytes="
				+ this.allocatedBytes + " latency=" + histogram + " firstError=" + error;
	}

	/**
	 * Reads a line written by {@link #encode()}.
	 * @param line the line
	 * @return the result
	 */
	public static RunResult decode(String line) {
		Map<String, String> fields = new HashMap<>();
		for (String word : line.trim().split(" ")) {
			int equals = word.indexOf('=');
			fields.put(word.substring(0, equals), word.substring(equals + 1));
		}
		Histogram latency;
		try {
			latency = Histogram.decodeFromCompressedByteBuffer(
					ByteBuffer.wrap(Base64.getDecoder().decode(field(fields, "latency"))), 0);
		}
		catch (DataFormatException ex) {
			throw new IllegalArgumentException("Bad latency histogram in worker result", ex);
		}
		return new RunResult(field(fields, "workload"), Integer.parseInt(field(fields, "inFlight")),
				field(fields, "client"), number(fields, "windowNanos"), number(fields, "ops"),
				number(fields, "unexpected"), number(fields, "errors"), number(fields, "clientCpuNanos"),
				number(fields, "etcdCpuNanos"), number(fields, "gcCount"), number(fields, "gcMillis"),
				number(fields, "jitMillis"), number(fields, "allocatedBytes"), latency,
				new String(Base64.getDecoder().decode(field(fields, "firstError")), StandardCharsets.UTF_8));
	}

	private static String field(Map<String, String> fields, String name) {
		String value = fields.get(name);
		if (value == null) {
			throw new IllegalArgumentException("Worker result without " + name);
		}
		return value;
	}

	private static long number(Map<String, String> fields, String name) {
		return Long.parseLong(field(fields, name));
	}

	/**
	 * Requests per second over the window.
	 * @return the throughput
	 */
	public double opsPerSecond() {
		return (this.windowNanos > 0) ? this.ops * 1e9 / this.windowNanos : 0;
	}

}
