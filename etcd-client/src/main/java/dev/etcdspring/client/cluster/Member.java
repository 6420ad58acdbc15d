package dev.etcdspring.client.cluster;

import java.util.List;

/**
 * One member of the cluster.
 *
 * @param id the member id
 * @param name the member's name; empty until it has started
 * @param peerUrls where other members reach it
 * @param clientUrls where clients reach it; empty until it has started
 * @param learner whether it is a non-voting learner
 */
public record Member(long id, String name, List<String> peerUrls, List<String> clientUrls, boolean learner) {

	/**
	 * Copies the lists.
	 * @param id the member id
	 * @param name the name
	 * @param peerUrls the peer URLs
	 * @param clientUrls the client URLs
	 * @param learner whether it is a learner
	 */
	public Member {
		peerUrls = List.copyOf(peerUrls);
		clientUrls = List.copyOf(clientUrls);
	}

	/**
	 * Whether the member has started (it has a name and client URLs).
	 * @return whether it started
	 */
	public boolean isStarted() {
		return !this.name.isEmpty();
	}

}
