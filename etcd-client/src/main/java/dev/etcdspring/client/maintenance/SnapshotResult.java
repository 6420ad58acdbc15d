package dev.etcdspring.client.maintenance;

import dev.etcdspring.client.ResponseHeader;

/**
 * A finished snapshot.
 *
 * @param header the header of the first response: its revision is the snapshot's point in
 * time (etcd 3.6 and newer; older servers leave it empty)
 * @param bytes how many bytes were written
 */
public record SnapshotResult(ResponseHeader header, long bytes) {
}
