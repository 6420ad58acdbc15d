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
		return switch (this) {
			case PUT -> new PutWorkload(this.id, data.kvKeys(), data.value());
			case GET_SERIALIZABLE -> new GetWorkload(this.id, data.kvKeys(), true, data.value().length);
			case GET_LINEARIZABLE -> new GetWorkload(this.id, data.kvKeys(), false, data.value().length);
			case TXN -> new TxnWorkload(this.id, data.txnKeys(client), data.value());
		};
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
