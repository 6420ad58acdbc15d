package dev.etcdspring.client.lease;

import java.util.List;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.ResponseHeader;

/**
 * What the server knows of a lease.
 *
 * @param header the response header
 * @param id the lease id
 * @param ttlSeconds seconds left; -1 when the lease does not exist (expired or revoked)
 * @param grantedTtlSeconds the TTL it was granted or last renewed with
 * @param keys the keys attached, when asked for (relative to the client's namespace)
 */
public record LeaseTimeToLive(ResponseHeader header, long id, long ttlSeconds, long grantedTtlSeconds,
		List<ByteSequence> keys) {

	/**
	 * Copies the list.
	 * @param header the response header
	 * @param id the lease id
	 * @param ttlSeconds seconds left, -1 when gone
	 * @param grantedTtlSeconds the granted TTL
	 * @param keys the attached keys
	 */
	public LeaseTimeToLive {
		keys = List.copyOf(keys);
	}

	/**
	 * Whether the lease exists.
	 * @return whether its TTL is not -1
	 */
	public boolean exists() {
		return this.ttlSeconds != -1;
	}

}
