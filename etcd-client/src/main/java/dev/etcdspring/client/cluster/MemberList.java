package dev.etcdspring.client.cluster;

import java.util.List;

import dev.etcdspring.client.ResponseHeader;

/**
 * The cluster's members.
 *
 * @param header the response header
 * @param members the members
 */
public record MemberList(ResponseHeader header, List<Member> members) {

	/**
	 * Copies the list.
	 * @param header the response header
	 * @param members the members
	 */
	public MemberList {
		members = List.copyOf(members);
	}

}
