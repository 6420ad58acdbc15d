package dev.etcdspring.client.maintenance;

import java.util.List;

import dev.etcdspring.client.ResponseHeader;

/**
 * One member's status, as {@link MaintenanceClient#status} reports it. An interface, so
 * that the client can report more without breaking callers; applications do not implement
 * it.
 */
public interface MemberStatus {

	/**
	 * The endpoint asked.
	 * @return the endpoint URL
	 */
	String endpoint();

	/**
	 * The response header; its member id is the member's id.
	 * @return the header
	 */
	ResponseHeader header();

	/**
	 * The member's etcd version.
	 * @return the version, such as {@code 3.5.17}
	 */
	String version();

	/**
	 * The backend database's size on disk.
	 * @return the size in bytes
	 */
	long dbSize();

	/**
	 * The part of the database in use.
	 * @return the size in bytes
	 */
	long dbSizeInUse();

	/**
	 * The id of the member it believes leads.
	 * @return the leader's id, 0 for none
	 */
	long leader();

	/**
	 * The raft index it has committed.
	 * @return the index
	 */
	long raftIndex();

	/**
	 * Its raft term.
	 * @return the term
	 */
	long raftTerm();

	/**
	 * The raft index it has applied.
	 * @return the index
	 */
	long raftAppliedIndex();

	/**
	 * Alarms and health errors it reports.
	 * @return the errors, empty when healthy
	 */
	List<String> errors();

	/**
	 * Whether it is a learner.
	 * @return whether it is a learner
	 */
	boolean learner();

	/**
	 * Whether this member is the leader.
	 * @return whether its id is the leader id
	 */
	default boolean isLeader() {
		return leader() != 0 && leader() == header().memberId();
	}

}
