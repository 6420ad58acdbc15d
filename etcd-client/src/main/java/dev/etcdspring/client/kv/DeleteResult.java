package dev.etcdspring.client.kv;

import java.util.List;

import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.ResponseHeader;

/**
 * The result of a {@link DeleteOp}.
 *
 * @param header the response header
 * @param deleted how many keys were deleted
 * @param prevKvs the deleted keys' last state, when asked for
 */
public record DeleteResult(ResponseHeader header, long deleted, List<KeyValue> prevKvs) implements OpResult {

	/**
	 * Copies the list.
	 * @param header the response header
	 * @param deleted how many keys were deleted
	 * @param prevKvs the deleted keys
	 */
	public DeleteResult {
		prevKvs = List.copyOf(prevKvs);
	}

}
