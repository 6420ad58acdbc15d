package dev.etcdspring.benchmarks.clients;

/**
 * Where a {@link BenchClient}'s watches hand over what their client delivers, reduced to
 * what the watch parts check. One sink may serve many watches, whose calls may overlap:
 * implementations are thread-safe.
 */
public interface WatchSink {

	/**
	 * Digits every watch-part key ends with: the key's number, which {@link #event}
	 * reports.
	 */
	int KEY_DIGITS = 6;

	/**
	 * One watch was created on the server (once per watch).
	 */
	void created();

	/**
	 * One event, read the way the client's users would read it.
	 * @param key the number the key ends with (its last {@link #KEY_DIGITS} bytes), -1
	 * for a key that does not end with one
	 * @param modRevision the revision of the event
	 * @param valueSize bytes in the event's value
	 */
	void event(int key, long modRevision, int valueSize);

	/**
	 * A watch failed, before or after it was created.
	 * @param error why
	 */
	void failed(Throwable error);

}
