package dev.etcdspring.client.kv;

import java.util.List;
import java.util.Optional;

import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.ResponseHeader;

/**
 * The result of a {@link GetOp}.
 *
 * @param header the response header; its revision is the revision the read saw
 * @param kvs the keys found, in the requested order
 * @param more whether a limit left keys out
 * @param count how many keys the range holds, whatever the limit
 */
public record GetResult(ResponseHeader header, List<KeyValue> kvs, boolean more, long count) implements OpResult {

	/**
	 * Copies the list.
	 * @param header the response header
	 * @param kvs the keys found
	 * @param more whether a limit left keys out
	 * @param count how many keys the range holds
	 */
	public GetResult {
		kvs = List.copyOf(kvs);
	}

	/**
	 * The first key found, the only one for a single-key read.
	 * @return the key, or empty when none was found
	 */
	public Optional<KeyValue> first() {
		return this.kvs.isEmpty() ? Optional.empty() : Optional.of(this.kvs.get(0));
	}

	/**
	 * Whether no key was returned.
	 * @return whether {@link #kvs()} is empty
	 */
	public boolean isEmpty() {
		return this.kvs.isEmpty();
	}

}
