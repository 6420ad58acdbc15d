package dev.etcdspring.benchmarks.workloads;

import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * One measured window of synchronous calls from a fixed number of threads, through
 * {@code EtcdTemplate} or through our client directly. Travels from worker to coordinator as one
 * text line.
 *
 * @param op {@code put} or {@code get}
 * @param mode {@code bare} (the client's future, joined) or {@code template}
 * @param threads caller threads, each blocking on its call
 * @param windowNanos length of the window
 * @param ops calls completed in the window
 * @param unexpected of those, answers that were not the expected ones (a missing value)
 * @param errors calls that failed in the window
 * @param cpuNanos CPU time of the worker JVM over the window
 * @param allocatedBytes bytes the worker JVM allocated over the window
 * @param latency latency of the calls completed in the window, in nanoseconds
 * @param firstError the first failure's description, or empty
 */
public record TemplateResult(String op, String mode, int threads, long windowNanos, long ops, long unexpected,
		long errors, long cpuNanos, long allocatedBytes, Histogram latency, String firstError) {

	/**
	 * A window that produced no figures.
	 * @param op the op
	 * @param mode the mode
	 * @param threads caller threads
	 * @param error what went wrong
	 * @return the result
	 */
	public static TemplateResult failed(String op, String mode, int threads, String error) {
		return new TemplateResult(op, mode, threads, 0, 0, 0, 1, 0, 0, new Histogram(1_000, 60_000_000_000L, 3), error);
	}

	/**
	 * Writes this result as one line of {@code key=value} words.
	 * @return the line
	 */
	public String encode() {
		return "op=" + this.op + " mode=" + this.mode + " threads=" + this.threads + " windowNanos=" + this.windowNanos
				+ " ops=" + this.ops + " unexpected=" + this.unexpected + " errors=" + this.errors + " cpuNanos="
				+ this.cpuNanos + " allocatedBytes=" + this.allocatedBytes + " latency="
				+ Wire.encodeHistogram(this.latency) + " firstError=" + Wire.encodeText(this.firstError);
	}

	/**
	 * Reads a line written by {@link #encode()}.
	 * @param line the line
	 * @return the result
	 */
	public static TemplateResult decode(String line) {
		Map<String, String> f = Wire.fields(line);
		return new TemplateResult(Wire.field(f, "op"), Wire.field(f, "mode"), Wire.integer(f, "threads"),
				Wire.number(f, "windowNanos"), Wire.number(f, "ops"), Wire.number(f, "unexpected"),
				Wire.number(f, "errors"), Wire.number(f, "cpuNanos"), Wire.number(f, "allocatedBytes"),
				Wire.histogram(f, "latency"), Wire.text(f, "firstError"));
	}

}
