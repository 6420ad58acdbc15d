package dev.etcdspring.benchmarks.workloads;

/**
 * What the meters counted over one measured stretch of a run: the worker JVM's and etcd's
 * CPU, garbage collection, JIT compilation and allocation. Raw counters, so that
 * stretches add up ({@link #plus}) before anything is divided.
 *
 * @param nanos length of the stretch
 * @param cpuNanos CPU time of the worker JVM, every thread (client, driver, GC, JIT)
 * @param etcdCpuNanos CPU time of the etcd process (10 ms resolution at 100 ticks per
 * second)
 * @param gcCount garbage collections
 * @param gcMillis time the collectors report for them
 * @param jitMillis time the JIT compilers spent (high when the warm-up was too short)
 * @param jitCpuNanos CPU time of the JIT compiler threads ({@code /proc}, 10 ms
 * resolution per thread at 100 ticks per second)
 * @param allocatedBytes bytes the worker JVM's threads allocated
 */
public record Usage(long nanos, long cpuNanos, long etcdCpuNanos, long gcCount, long gcMillis, long jitMillis,
		long jitCpuNanos, long allocatedBytes) {

	/** Nothing measured: the usage of a run that failed before its stretch. */
	public static final Usage NONE = new Usage(0, 0, 0, 0, 0, 0, 0, 0);

	/**
	 * This usage and another, added up.
	 * @param other the other usage
	 * @return the sum
	 */
	public Usage plus(Usage other) {
		return new Usage(this.nanos + other.nanos, this.cpuNanos + other.cpuNanos,
				this.etcdCpuNanos + other.etcdCpuNanos, this.gcCount + other.gcCount, this.gcMillis + other.gcMillis,
				this.jitMillis + other.jitMillis, this.jitCpuNanos + other.jitCpuNanos,
				this.allocatedBytes + other.allocatedBytes);
	}

}
