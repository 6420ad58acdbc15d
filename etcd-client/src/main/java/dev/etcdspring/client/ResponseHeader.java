package dev.etcdspring.client;

/**
 * The header every etcd response carries.
 *
 * @param clusterId id of the cluster that answered
 * @param memberId id of the member that answered
 * @param revision the store's revision when the request was applied (0 for calls that do
 * not touch the key-value store)
 * @param raftTerm the raft term when the request was applied
 */
public record ResponseHeader(long clusterId, long memberId, long revision, long raftTerm) {
}
