package dev.etcdspring.benchmarks.workloads;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;

/**
 * The text form of the results workers send to the coordinator: one line of {@code name=value}
 * words, free text and histograms in Base64 so that they hold no space.
 */
final class Wire {

	private Wire() {
	}

	/**
	 * Splits a line into its fields.
	 * @param line {@code name=value} words separated by single spaces
	 * @return the fields by name
	 */
	static Map<String, String> fields(String line) {
		Map<String, String> fields = new HashMap<>();
		for (String word : line.trim().split(" ")) {
			int equals = word.indexOf('=');
			if (equals > 0) {
				fields.put(word.substring(0, equals), word.substring(equals + 1));
			}
		}
		return fields;
	}

	/**
	 * One field.
	 * @param fields the fields
	 * @param name its name
	 * @return its value
	 * @throws IllegalArgumentException if it is missing
	 */
	static String field(Map<String, String> fields, String name) {
		String value = fields.get(name);
		if (value == null) {
			throw new IllegalArgumentException("Worker result without " + name);
		}
		return value;
	}

	static long number(Map<String, String> fields, String name) {
		return Long.parseLong(field(fields, name));
	}

	static int integer(Map<String, String> fields, String name) {
		return Integer.parseInt(field(fields, name));
	}

	static String encodeText(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	static String text(Map<String, String> fields, String name) {
		return new String(Base64.getDecoder().decode(field(fields, name)), StandardCharsets.UTF_8);
	}

	static String encodeHistogram(Histogram histogram) {
		ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
		int length = histogram.encodeIntoCompressedByteBuffer(buffer);
		return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
	}

	static Histogram histogram(Map<String, String> fields, String name) {
		try {
			return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(field(fields, name))),
					0);
		}
		catch (DataFormatException ex) {
			throw new IllegalArgumentException("Bad histogram " + name + " in worker result", ex);
		}
	}

	static String encode(Usage usage) {
		return "nanos=" + usage.nanos() + " cpuNanos=" + usage.cpuNanos() + " etcdCpuNanos=" + usage.etcdCpuNanos()
				+ " gcCount=" + usage.gcCount() + " gcMillis=" + usage.gcMillis() + " jitMillis=" + usage.jitMillis()
				+ " allocatedBytes=" + usage.allocatedBytes();
	}

	static Usage usage(Map<String, String> f) {
		return new Usage(number(f, "nanos"), number(f, "cpuNanos"), number(f, "etcdCpuNanos"), number(f, "gcCount"),
				number(f, "gcMillis"), number(f, "jitMillis"), number(f, "allocatedBytes"));
	}

	static String encode(Outcome outcome) {
		return "ops=" + outcome.ops() + " unexpected=" + outcome.unexpected() + " errors=" + outcome.errors()
				+ " latency=" + encodeHistogram(outcome.latency()) + " firstError=" + encodeText(outcome.firstError());
	}

	static Outcome outcome(Map<String, String> f) {
		return new Outcome(number(f, "ops"), number(f, "unexpected"), number(f, "errors"), histogram(f, "latency"),
				text(f, "firstError"));
	}

}
