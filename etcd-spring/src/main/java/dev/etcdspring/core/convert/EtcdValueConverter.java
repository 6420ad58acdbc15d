package dev.etcdspring.core.convert;

import dev.etcdspring.client.ByteSequence;

/**
 * Turns application values into the bytes stored in etcd and back. Implementations are
 * thread-safe.
 */
public interface EtcdValueConverter {

	/**
	 * The bytes to store for a value.
	 * @param value the value
	 * @return the bytes
	 * @throws IllegalArgumentException when the value cannot be converted
	 */
	ByteSequence write(Object value);

	/**
	 * The value stored in the bytes.
	 * @param <T> the type
	 * @param bytes the stored bytes
	 * @param type the type to read
	 * @return the value
	 * @throws IllegalArgumentException when the bytes cannot be read as that type
	 */
	<T> T read(ByteSequence bytes, Class<T> type);

}
