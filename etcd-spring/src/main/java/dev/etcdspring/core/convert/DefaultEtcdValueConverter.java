package dev.etcdspring.core.convert;

import java.nio.ByteBuffer;

import dev.etcdspring.client.ByteSequence;

import org.springframework.beans.BeanUtils;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;

/**
 * Strings as UTF-8, byte arrays and {@link ByteSequence}s as they are, and simple values
 * (numbers, booleans, enums, UUIDs, dates, durations…) as text through a
 * {@link ConversionService}. Other objects need JSON ({@link JacksonEtcdValueConverter},
 * auto-configured with Jackson on the class path). Thread-safe.
 */
public class DefaultEtcdValueConverter implements EtcdValueConverter {

	private final ConversionService conversionService;

	/**
	 * A converter using the given conversion service for simple values.
	 * @param conversionService converts simple values to and from text
	 */
	public DefaultEtcdValueConverter(ConversionService conversionService) {
		this.conversionService = conversionService;
	}

	@Override
	public ByteSequence write(Object value) {
		if (value instanceof String text) {
			return ByteSequence.from(text);
		}
		if (value instanceof byte[] bytes) {
			return ByteSequence.from(bytes);
		}
		if (value instanceof ByteSequence bytes) {
			return bytes;
		}
		if (value instanceof ByteBuffer buffer) {
			return ByteSequence.from(buffer);
		}
		if (BeanUtils.isSimpleValueType(value.getClass())
				&& this.conversionService.canConvert(value.getClass(), String.class)) {
			String text = this.conversionService.convert(value, String.class);
			if (text != null) {
				return ByteSequence.from(text);
			}
		}
		return writeObject(value);
	}

	/**
	 * The bytes for a value that is not simple; this class has no format for those.
	 * @param value the value
	 * @return the bytes
	 */
	protected ByteSequence writeObject(Object value) {
		throw new IllegalArgumentException("Cannot store a " + value.getClass().getName() + " in etcd: only "
				+ "strings, bytes and simple values are converted without JSON. Add Jackson (tools.jackson.core:"
				+ "jackson-databind) to store objects as JSON, or convert the value yourself");
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T read(ByteSequence bytes, Class<T> type) {
		if (type == String.class || type == Object.class) {
			return (T) bytes.toString();
		}
		if (type == byte[].class) {
			return (T) bytes.toByteArray();
		}
		if (type == ByteSequence.class) {
			return (T) bytes;
		}
		if (BeanUtils.isSimpleValueType(type) && this.conversionService.canConvert(String.class, type)) {
			try {
				T converted = this.conversionService.convert(bytes.toString(), type);
				if (converted == null) {
					throw new IllegalArgumentException("The stored value is empty, not a " + type.getSimpleName());
				}
				return converted;
			}
			catch (ConversionException ex) {
				throw new IllegalArgumentException(
						"The stored value '" + abbreviate(bytes) + "' is not a " + type.getSimpleName(), ex);
			}
		}
		return readObject(bytes, type);
	}

	/**
	 * The value of a type that is not simple; this class has no format for those.
	 * @param <T> the type
	 * @param bytes the stored bytes
	 * @param type the type
	 * @return the value
	 */
	protected <T> T readObject(ByteSequence bytes, Class<T> type) {
		throw new IllegalArgumentException("Cannot read a " + type.getName() + " from etcd without JSON: add Jackson "
				+ "(tools.jackson.core:jackson-databind), or read a String and convert it yourself");
	}

	static String abbreviate(ByteSequence bytes) {
		String text = bytes.toString();
		return (text.length() > 60) ? text.substring(0, 60) + "…" : text;
	}

}
