package dev.etcdspring.benchmarks.workloads;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import dev.etcdspring.benchmarks.clients.ClientKind;

/**
 * The workloads a run can measure, in report order.
 */
public enum WorkloadKind {

	/** A put of the dataset's value to one of the shared keys. */
	PUT("put", "put of a %d-byte value, %,d keys"),

	/** A serializable get of one shared key. */
	GET_SERIALIZABLE("get-serializable", "serializable get of one key (%d-byte value), %,d keys"),

	/** A linearizable get of one shared key. */
	GET_LINEARIZABLE("get-linearizable", "linearizable get of one key (%d-byte value), %,d keys"),

	/** If the key's version is the one last written, put the value: a compare-and-set. */
	TXN("txn", "txn: if version(key) = v then put %d-byte value, %,d keys per client"),

	/** {@link #PUT} by threads that each wait for the answer before the next request. */
	PUT_BLOCKING("put-blocking", "put of a %d-byte value, %,d keys, each caller thread waiting for the answer (join)"),

	/** {@link #GET_SERIALIZABLE} by threads that each wait for the answer. */
	GET_BLOCKING("get-blocking",
			"serializable get of one key (%d-byte value), %,d keys, each caller thread waiting for the answer");

	private final String id;

	private final String description;

	WorkloadKind(String id, String description) {
		this.id = id;
		this.description = description;
	}

	/**
	 * The name used on command lines and in reports.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * What a request of this workload does.
	 * @param data the dataset
	 * @return the description
	 */
	public String describe(Dataset data) {
		return String.format(this.description, data.value().length, data.keyCount());
	}

	/**
	 * A workload of this kind for one client.
	 * @param data the dataset
	 * @param client the client that will run it
	 * @return a new workload
	 */
	Workload create(Dataset data, ClientKind client) {
		byte[][] keys = data.kvKeys();
		byte[] value = data.value();
		return switch (this) {
			case PUT -> (bench, key) -> bench.put(keys[key], value).thenApply((response) -> true);
			case GET_SERIALIZABLE -> get(keys, true, value.length);
			case GET_LINEARIZABLE -> get(keys, false, value.length);
			case TXN -> new TxnWorkload(data.txnKeys(client), value);
			case PUT_BLOCKING -> (bench, key) -> {
				bench.putAndWait(keys[key], value);
				return CompletableFuture.completedFuture(true);
			};
			case GET_BLOCKING ->
				(bench, key) -> CompletableFuture.completedFuture(bench.getAndWait(keys[key], true) == value.length);
		};
	}

	/**
	 * Whether a request blocks its caller until answered: each in-flight lane is then a
	 * thread of its own, not a chain of callbacks.
	 * @return whether the workload blocks
	 */
	boolean blocking() {
		return this == PUT_BLOCKING || this == GET_BLOCKING;
	}

	/**
	 * A get of one of the shared keys; the answer is expected to hold a value of the
	 * dataset's size.
	 */
	private static Workload get(byte[][] keys, boolean serializable, int valueSize) {
		return (bench, key) -> bench.get(keys[key], serializable).thenApply((size) -> size == valueSize);
	}

	/**
	 * The kind with the given id.
	 * @param id such as {@code put}
	 * @return the kind
	 */
	public static WorkloadKind of(String id) {
		return Arrays.stream(values())
			.filter((kind) -> kind.id.equals(id))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Unknown workload '" + id + "': use one of "
					+ Arrays.stream(values()).map(WorkloadKind::id).toList()));
	}

}
