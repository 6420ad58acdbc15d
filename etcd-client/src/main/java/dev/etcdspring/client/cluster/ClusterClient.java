package dev.etcdspring.client.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Cluster membership: etcd's Cluster service. Listing is retried on another member when
 * one is unavailable; changes are not retried after they may have reached a server.
 * Thread-safe; obtained from {@link dev.etcdspring.client.EtcdClient#cluster()}.
 *
 * <p>
 * Cancelling a returned future cancels the call on the wire: its HTTP/2 stream is reset
 * and the server stops working on it (a write that already reached the server may still
 * be applied).
 */
public interface ClusterClient {

	/**
	 * The members.
	 * @return the members
	 */
	CompletableFuture<MemberList> list();

	/**
	 * Adds a member, to be started with {@code --initial-cluster-state existing}.
	 * @param peerUrls where the new member will listen for peers
	 * @param learner whether it joins as a non-voting learner (promote it when it has
	 * caught up)
	 * @return the new member (first) and all members
	 */
	CompletableFuture<MemberList> add(List<String> peerUrls, boolean learner);

	/**
	 * Removes a member.
	 * @param memberId the member id
	 * @return the remaining members
	 */
	CompletableFuture<MemberList> remove(long memberId);

	/**
	 * Changes a member's peer URLs. Beware: etcd 3.4 forgets that a learner is a learner
	 * when its peer URLs change (the member list then shows it as voting while raft does
	 * not); promote a learner before updating it.
	 * @param memberId the member id
	 * @param peerUrls the new peer URLs
	 * @return the members
	 */
	CompletableFuture<MemberList> updatePeerUrls(long memberId, List<String> peerUrls);

	/**
	 * Makes a learner that has caught up with the leader a voting member.
	 * @param memberId the learner's id
	 * @return the members
	 */
	CompletableFuture<MemberList> promote(long memberId);

	/**
	 * A view of this client whose calls have another deadline (the client's request
	 * timeout by default).
	 * @param timeout the deadline of each call, retries included
	 * @return the view
	 */
	ClusterClient withTimeout(Duration timeout);

}
