package dev.etcdspring.client.election;

/** An open observation of an election's leaders. Thread-safe. */
public interface Observation extends AutoCloseable {

	/**
	 * Whether the observation was closed or ended with an error.
	 * @return whether no more leaders will be reported
	 */
	boolean isClosed();

	/** Stops the observation. Idempotent. */
	@Override
	void close();

}
