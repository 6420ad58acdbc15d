package dev.etcdspring.client.kv;

import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.ResponseHeader;

import org.jspecify.annotations.Nullable;

/**
 * The result of a {@link PutOp}.
 *
 * @param header the response header; its revision is the write's revision
 * @param prevKv the key's state before the write, when asked for and the key existed
 */
public record PutResult(ResponseHeader header, @Nullable KeyValue prevKv) implements OpResult {
}
