package dev.etcdspring.client.election;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.ResponseHeader;
import dev.etcdspring.client.lease.Session;

/**
 * Proof that a campaign won: pass it to {@link ElectionClient#proclaim} and
 * {@link ElectionClient#resign}. Leadership lasts until resigned or until the session is
 * lost.
 *
 * @param header the response header of the win
 * @param name the election's name
 * @param key the leader key (relative to the client's namespace)
 * @param revision the leader key's create revision
 * @param session the session the campaign was made with
 */
public record Leadership(ResponseHeader header, ByteSequence name, ByteSequence key, long revision, Session session) {

	/**
	 * Whether the leadership's session is still active (the campaign may have resigned
	 * meanwhile).
	 * @return whether the session is active
	 */
	public boolean isActive() {
		return this.session.isActive();
	}

}
