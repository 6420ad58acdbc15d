package dev.etcdspring.benchmarks.driver;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * The form of the worker JVMs' replies: a line {@value #PREFIX}{@code <verb> <result>},
 * the result record written by Jackson as one line of JSON (a latency histogram as Base64
 * of its compressed form). Thread-safe.
 */
final class Protocol {

	/**
	 * What every protocol line starts with, so that it stands out from whatever else the
	 * JVM prints.
	 */
	static final String PREFIX = "@@";

	private static final JsonMapper JSON = JsonMapper.builder()
		.addModule(new SimpleModule("histograms").addSerializer(Histogram.class, new HistogramSerializer())
			.addDeserializer(Histogram.class, new HistogramDeserializer()))
		.build();

	private Protocol() {
	}

	/**
	 * Writes a result record as one line of JSON.
	 * @param result the record
	 * @return the JSON, without line breaks
	 */
	static String encode(Object result) {
		return JSON.writeValueAsString(result);
	}

	/**
	 * Reads a result record written by {@link #encode}.
	 * @param <T> the record's type
	 * @param json the JSON
	 * @param type the record's class
	 * @return the record
	 * @throws IllegalArgumentException if the JSON does not hold such a record
	 */
	static <T> T decode(String json, Class<T> type) {
		try {
			return JSON.readValue(json, type);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Bad " + type.getSimpleName() + " from a worker: " + json, ex);
		}
	}

	/** A histogram as Base64 of its compressed form. */
	private static final class HistogramSerializer extends StdSerializer<Histogram> {

		HistogramSerializer() {
			super(Histogram.class);
		}

		@Override
		public void serialize(Histogram histogram, JsonGenerator generator, SerializationContext context) {
			ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
			int length = histogram.encodeIntoCompressedByteBuffer(buffer);
			generator.writeString(Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length)));
		}

	}

	/** Reads what {@link HistogramSerializer} wrote. */
	private static final class HistogramDeserializer extends StdDeserializer<Histogram> {

		HistogramDeserializer() {
			super(Histogram.class);
		}

		@Override
		public Histogram deserialize(JsonParser parser, DeserializationContext context) {
			byte[] compressed = Base64.getDecoder().decode(parser.getString());
			try {
				return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(compressed), 0);
			}
			catch (DataFormatException ex) {
				throw new IllegalArgumentException("Bad histogram from a worker", ex);
			}
		}

	}

}
