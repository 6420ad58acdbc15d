package dev.etcdspring.client.lease;

import dev.etcdspring.client.ResponseHeader;

/**
 * A granted lease.
 *
 * @param header the response header
 * @param id the lease id, to attach keys with and to renew or revoke the lease
 * @param ttlSeconds the TTL the server chose (at least what was asked for, and never
 * below the server's minimum)
 */
public record LeaseGrant(ResponseHeader header, long id, long ttlSeconds) {
}
