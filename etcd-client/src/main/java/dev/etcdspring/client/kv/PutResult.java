package dev.etcdspring.client.kv;

import java.util.Objects;
import java.util.Optional;

import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.ResponseHeader;

/**
 * The result of a {@link PutOp}.
 *
 * @param header the response header; its revision is the write's revision
 * @param prevKv the key's state before the write, when asked for and the key existed,
 * else empty
 */
public record PutResult(ResponseHeader header, Optional<KeyValue> prevKv) implements OpResult {

	/**
	 * Checks the arguments.
	 * @param header the response header
	 * @param prevKv the previous state, or empty
	 */
	public PutResult {
		Objects.requireNonNull(header, "header");
		Objects.requireNonNull(prevKv, "prevKv");
	}

}
