package dev.etcdspring.benchmarks.clients;

import java.util.Arrays;
import java.util.Locale;

/**
 * The clients a run compares, in report order.
 */
public enum ClientKind {

	/** Our {@code etcd-client}. */
	OURS("ours", "etcd-client (ours)"),

	/**
	 * grpc-java async stubs over our generated code, on a channel built with
	 * {@code directExecutor()}: every response completes on the Netty event loop that
	 * read it, with no thread hop. The floor every ratio and target refers to.
	 */
	RAW_DIRECT("raw-direct", "raw grpc-java stubs, directExecutor() (the floor)"),

	/**
	 * The same stubs on grpc-java's default executor, a cached thread pool that wakes a
	 * thread for every response: the slowest way to run the stubs, reported beside the
	 * floor for reference.
	 */
	RAW_DEFAULT("raw-default", "raw grpc-java stubs, default executor"),

	/** jetcd. */
	JETCD("jetcd", "jetcd");

	private final String id;

	private final String label;

	ClientKind(String id, String label) {
		this.id = id;
		this.label = label;
	}

	/**
	 * The short name used on command lines, in the protocol and in the JSON report.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * A human-readable name for the report.
	 * @return the label
	 */
	public String label() {
		return this.label;
	}

	/**
	 * Creates the client, connected to one endpoint. Each adapter class is loaded only
	 * when chosen.
	 * @param endpoint a client URL
	 * @return the client
	 */
	public BenchClient connect(String endpoint) {
		return switch (this) {
			case OURS -> new OursBenchClient(endpoint);
			case RAW_DIRECT -> RawStubsBenchClient.direct(endpoint);
			case RAW_DEFAULT -> RawStubsBenchClient.defaultExecutor(endpoint);
			case JETCD -> new JetcdBenchClient(endpoint);
		};
	}

	/**
	 * The kind with the given id.
	 * @param id ours, raw-direct, raw-default or jetcd
	 * @return the kind
	 */
	public static ClientKind of(String id) {
		return Arrays.stream(values())
			.filter((kind) -> kind.id.equals(id.toLowerCase(Locale.ROOT)))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Unknown client '" + id + "': use some of "
					+ Arrays.stream(values()).map(ClientKind::id).toList() + (id.equalsIgnoreCase("raw")
							? " (the raw stubs run as raw-direct, the floor, and raw-default)" : "")));
	}

}
