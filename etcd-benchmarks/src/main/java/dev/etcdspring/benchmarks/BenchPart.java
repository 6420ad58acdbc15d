package dev.etcdspring.benchmarks;

import java.util.Arrays;

import dev.etcdspring.benchmarks.workloads.WorkloadKind;

/**
 * The parts of a benchmark run, in the order they run and appear in the report.
 */
public enum BenchPart {

	/** The key-value workloads ({@link WorkloadKind}): JIT warm-up, then the rounds. */
	KV("kv"),

	/** Events per second to one prefix watch while a shared writer puts new keys. */
	WATCH("watch"),

	/**
	 * Many watches on distinct keys: time to open, heap and threads per watch, delivery.
	 */
	WATCH_SCALE("watch-scale"),

	/**
	 * {@code EtcdTemplate} against our bare client, synchronous calls from blocking
	 * threads.
	 */
	TEMPLATE("template"),

	/** Spring Boot start-up with and without our auto-configuration, in fresh JVMs. */
	STARTUP("startup");

	private final String id;

	BenchPart(String id) {
		this.id = id;
	}

	/**
	 * The name used on command lines and in reports.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * The part with the given id.
	 * @param id such as {@code watch}
	 * @return the part
	 */
	public static BenchPart of(String id) {
		return Arrays.stream(values())
			.filter((part) -> part.id.equals(id))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"Unknown part '" + id + "': use some of " + Arrays.stream(values()).map(BenchPart::id).toList()));
	}

}
