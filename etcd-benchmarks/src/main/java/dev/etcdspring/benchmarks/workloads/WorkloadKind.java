package dev.etcdspring.benchmarks.workloads;

import java.util.Arrays;

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
	TXN("txn", "txn: if version(key) = v then put %d-byte value, %,d keys per client");

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
		};
	}

	/** A get of one of the shared keys; the answer is expected to hold a value of the dataset's size. */
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
