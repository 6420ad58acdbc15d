package dev.etcdspring.core.convert;

import dev.etcdspring.client.ByteSequence;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.convert.ConversionService;

/**
 * {@link DefaultEtcdValueConverter} that stores other objects as JSON with Jackson.
 * Thread-safe.
 */
public class JacksonEtcdValueConverter extends DefaultEtcdValueConverter {

	private final JsonMapper jsonMapper;

	/**
	 * A converter with JSON for objects.
	 * @param conversionService converts simple values to and from text
	 * @param jsonMapper writes and reads objects as JSON
	 */
	public JacksonEtcdValueConverter(ConversionService conversionService, JsonMapper jsonMapper) {
		super(conversionService);
		this.jsonMapper = jsonMapper;
	}

	@Override
	protected ByteSequence writeObject(Object value) {
		try {
			return ByteSequence.from(this.jsonMapper.writeValueAsBytes(value));
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(
					"Cannot write a " + value.getClass().getName() + " as JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	@Override
	protected <T> T readObject(ByteSequence bytes, Class<T> type) {
		try {
			return this.jsonMapper.readValue(bytes.toByteArray(), type);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("The stored value '" + abbreviate(bytes) + "' is not JSON of a "
					+ type.getSimpleName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

}
