package dev.etcdspring.client.lease;

import dev.etcdspring.client.ResponseHeader;

/**
 * A successful renewal of a lease.
 *
 * @param header the response header
 * @param id the lease id
 * @param ttlSeconds the TTL the lease has again from now
 */
public record LeaseRenewal(ResponseHeader header, long id, long ttlSeconds) {
}
