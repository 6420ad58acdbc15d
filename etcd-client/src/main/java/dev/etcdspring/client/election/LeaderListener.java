package dev.etcdspring.client.election;

import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.error.EtcdException;

/**
 * Hears the leaders of an election, one after another. Calls never overlap and keep their
 * order; they run on the client's callback executor.
 */
@FunctionalInterface
public interface LeaderListener {

	/**
	 * A leader took over, or the leader proclaimed a new value.
	 * @param leader the leader key, its value and revisions
	 */
	void onLeader(KeyValue leader);

	/**
	 * Observation ended with an error (for instance the client closed); nothing follows.
	 * The default does nothing.
	 * @param error why
	 */
	default void onError(EtcdException error) {
	}

}
