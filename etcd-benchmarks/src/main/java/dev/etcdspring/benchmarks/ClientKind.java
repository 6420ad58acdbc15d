package dev.etcdspring.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/**
 * The clients a run compares, in report order.
 */
public enum ClientKind {

	/** Our {@code etcd-client}. */
	OURS("ours", "etcd-client (ours)"),

	/** grpc-java async stubs over our generated code. */
	RAW("raw", "raw grpc-java stubs"),

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
	 * Creates the client, connected to one endpoint. Each adapter class is loaded only when chosen.
	 * @param endpoint a client URL
	 * @return the client
	 */
	public BenchClient connect(String endpoint) {
		return switch (this) {
			case OURS -> new OursBenchClient(endpoint);
			case RAW -> new RawStubsBenchClient(endpoint);
			case JETCD -> new JetcdBenchClient(endpoint);
		};
	}

	/**
	 * The kind with the given id.
	 * @param id ours, raw or jetcd
	 * @return the kind
	 */
	public static ClientKind of(String id) {
		return Arrays.stream(values())
			.filter((kind) -> kind.id.equals(id.toLowerCase(Locale.ROOT)))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Unknown client '" + id + "': use ours, raw or jetcd"));
	}

}
