package dev.etcdspring.client.kv;

import dev.etcdspring.client.ResponseHeader;

/**
 * The result of a compaction.
 *
 * @param header the response header
 */
public record CompactResult(ResponseHeader header) {
}
