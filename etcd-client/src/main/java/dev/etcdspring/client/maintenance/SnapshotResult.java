package dev.etcdspring.client.maintenance;

import dev.etcdspring.client.ResponseHeader;

/**
 * A finished snapshot.
 *
 * @param header the header of the first response: its revision is the snapshot's point in time
 * @param bytes how many bytes were written
 */
public record SnapshotResult(ResponseHeader header, long bytes) {
}
