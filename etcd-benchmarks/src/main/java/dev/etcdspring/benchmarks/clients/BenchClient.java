package dev.etcdspring.benchmarks.clients;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One etcd client under test, reduced to the requests the workloads send. Every method
 * sends one request and returns at once; the future completes when the client has turned
 * the response into its own result type, and each adapter then reads from that result
 * what a caller would read, so that lazy clients pay for the conversion too.
 *
 * <p>
 * Keys and values are handed over as byte arrays, and each adapter converts them the way
 * its users would. Watches deliver to a {@link WatchSink}: the adapter reads each event's
 * key, revision and value size through its client's own types.
 */
public interface BenchClient extends AutoCloseable {

	/**
	 * Puts a value.
	 * @param key the key
	 * @param value the value
	 * @return completes when the put is acknowledged
	 */
	CompletableFuture<?> put(byte[] key, byte[] value);

	/**
	 * Gets one key.
	 * @param key the key
	 * @param serializable a serializable read (served by the member without consensus)
	 * rather than a linearizable one
	 * @return the size of the value found, or -1 when the key does not exist
	 */
	CompletableFuture<Integer> get(byte[] key, boolean serializable);

	/**
	 * Puts a value and waits for the acknowledgement on the calling thread, the way
	 * blocking callers (an {@code EtcdTemplate}, a plain {@code join()}) use a client.
	 * @param key the key
	 * @param value the value
	 */
	default void putAndWait(byte[] key, byte[] value) {
		put(key, value).join();
	}

	/**
	 * Gets one key and waits for the answer on the calling thread.
	 * @param key the key
	 * @param serializable a serializable read rather than a linearizable one
	 * @return the size of the value found, or -1 when the key does not exist
	 */
	default int getAndWait(byte[] key, boolean serializable) {
		return get(key, serializable).join();
	}

	/**
	 * A transaction: if the key's version equals {@code expectedVersion}, put the value.
	 * @param key the key
	 * @param expectedVersion the version to compare with (0: the key does not exist)
	 * @param value the value
	 * @return whether the comparison held and the put was applied
	 */
	CompletableFuture<Boolean> putIfVersion(byte[] key, long expectedVersion, byte[] value);

	/**
	 * Opens watches that all deliver to one sink. Any state the adapter needs per sink (a
	 * listener) is made here once, so that a watch costs only what the client itself
	 * keeps for it.
	 * @param sink where created notifications, events and failures go
	 * @return the way to open watches
	 */
	Watcher watcher(WatchSink sink);

	/**
	 * Classes whose jar files name the libraries this client runs on, for the report.
	 * @return the name of one class from each library that matters
	 */
	List<String> libraries();

	/**
	 * Releases the client's connections and threads.
	 */
	@Override
	void close();

	/**
	 * Opens watches for one {@link WatchSink}.
	 */
	interface Watcher {

		/**
		 * Watches a key or a prefix from now. Returns at once; the sink hears of the
		 * creation.
		 * @param key the key or prefix
		 * @param prefix whether to watch every key starting with {@code key}
		 * @return the client's own watch object: closing it cancels the watch
		 */
		AutoCloseable watch(byte[] key, boolean prefix);

	}

}
