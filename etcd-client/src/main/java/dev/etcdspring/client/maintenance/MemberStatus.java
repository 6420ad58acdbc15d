package dev.etcdspring.client.maintenance;

import java.util.List;

import dev.etcdspring.client.ResponseHeader;

/**
 * One member's status.
 *
 * @param endpoint the endpoint asked
 * @param header the response header; its member id is the member's id
 * @param version the member's etcd version
 * @param dbSize the backend database's size on disk, in bytes
 * @param dbSizeInUse the part of it in use, in bytes
 * @param leader the id of the member it believes leads, 0 for none
 * @param raftIndex the raft index it has committed
 * @param raftTerm its raft term
 * @param raftAppliedIndex the raft index it has applied
 * @param errors alarms and health errors it reports
 * @param learner whether it is a learner
 */
public record MemberStatus(String endpoint, ResponseHeader header, String version, long dbSize, long dbSizeInUse,
		long leader, long raftIndex, long raftTerm, long raftAppliedIndex, List<String> errors, boolean learner) {

	/**
	 * Copies the list.
	 * @param endpoint the endpoint
	 * @param header the header
	 * @param version the version
	 * @param dbSize the database size
	 * @param dbSizeInUse the size in use
	 * @param leader the leader's id
	 * @param raftIndex the committed index
	 * @param raftTerm the term
	 * @param raftAppliedIndex the applied index
	 * @param errors the errors
	 * @param learner whether it is a learner
	 */
	public MemberStatus {
		errors = List.copyOf(errors);
	}

	/**
	 * Whether this member is the leader.
	 * @return whether its id is the leader id
	 */
	public boolean isLeader() {
		return this.leader != 0 && this.leader == this.header.memberId();
	}

}
