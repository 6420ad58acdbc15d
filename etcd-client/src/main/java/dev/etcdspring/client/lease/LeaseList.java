package dev.etcdspring.client.lease;

import java.util.List;

import dev.etcdspring.client.ResponseHeader;

/**
 * Every lease the server knows.
 *
 * @param header the response header
 * @param ids the lease ids
 */
public record LeaseList(ResponseHeader header, List<Long> ids) {

	/**
	 * Copies the list.
	 * @param header the response header
	 * @param ids the lease ids
	 */
	public LeaseList {
		ids = List.copyOf(ids);
	}

}
