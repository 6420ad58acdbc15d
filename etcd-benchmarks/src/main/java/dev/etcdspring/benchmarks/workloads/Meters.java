package dev.etcdspring.benchmarks.workloads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;

/**
 * Reads the counters a run's figures come from: this JVM's CPU time, garbage collections
 * and allocated bytes, and the etcd process's CPU time from {@code /proc/<pid>/stat}.
 */
final class Meters {

	private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

	private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

	private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();

	private final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();

	private final Path etcdStat;

	private final long nanosPerTick;

	/**
	 * Meters for this JVM and one etcd process.
	 * @param etcdPid the etcd process id
	 * @param clockTicksPerSecond the kernel's {@code CLK_TCK}, the unit of {@code /proc}
	 * CPU times
	 */
	Meters(long etcdPid, long clockTicksPerSecond) {
		this.etcdStat = Path.of("/proc", Long.toString(etcdPid), "stat");
		this.nanosPerTick = 1_000_000_000L / clockTicksPerSecond;
		this.threads.setThreadAllocatedMemoryEnabled(true);
	}

	/**
	 * Reads every counter now.
	 * @return the readings
	 */
	Snapshot snapshot() {
		long time = System.nanoTime();
		long cpu = this.os.getProcessCpuTime();
		long etcd = etcdCpuNanos();
		long gcCount = 0;
		long gcMillis = 0;
		for (GarbageCollectorMXBean collector : this.collectors) {
			gcCount += Math.max(0, collector.getCollectionCount());
			gcMillis += Math.max(0, collector.getCollectionTime());
		}
		long jitMillis = this.compiler.isCompilationTimeMonitoringSupported() ? this.compiler.getTotalCompilationTime()
				: 0;
		return new Snapshot(time, cpu, etcd, gcCount, gcMillis, jitMillis, compilerCpuNanos(), allocatedBytes());
	}

	/**
	 * The CPU time of HotSpot's compiler threads (named "C1 CompilerThread…" and "C2
	 * CompilerThread…", not Java threads, so not in the thread bean), from
	 * {@code /proc/self/task}. The workers run with a fixed number of compiler threads,
	 * so none ends between two readings; 0 where {@code /proc} is missing.
	 */
	private long compilerCpuNanos() {
		long total = 0;
		try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
			for (Path task : tasks) {
				try {
					if (!Files.readString(task.resolve("comm")).contains("CompilerThre")) {
						continue;
					}
					total += cpuNanos(Files.readString(task.resolve("stat")));
				}
				catch (IOException ex) {
					// the thread ended in between
				}
			}
		}
		catch (IOException ex) {
			return 0;
		}
		return total;
	}

	/**
	 * utime + stime of a {@code stat} file's text, fields 14 and 15, counted after the
	 * parenthesised name.
	 */
	private long cpuNanos(String stat) {
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		// fields[0] is field 3 (state): utime (14) is fields[11], stime (15) fields[12]
		return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * this.nanosPerTick;
	}

	private Map<Long, Long> allocatedBytes() {
		long[] ids = this.threads.getAllThreadIds();
		long[] bytes = this.threads.getThreadAllocatedBytes(ids);
		Map<Long, Long> byThread = new HashMap<>();
		for (int i = 0; i < ids.length; i++) {
			if (bytes[i] >= 0) {
				byThread.put(ids[i], bytes[i]);
			}
		}
		return byThread;
	}

	/**
	 * The CPU time of each live thread whose name starts with a prefix.
	 * @param namePrefix the prefix
	 * @return the CPU nanoseconds by thread id
	 */
	Map<Long, Long> threadCpuNanos(String namePrefix) {
		Map<Long, Long> byThread = new HashMap<>();
		for (ThreadInfo info : this.threads.getThreadInfo(this.threads.getAllThreadIds())) {
			if (info != null && info.getThreadName().startsWith(namePrefix)) {
				long cpu = this.threads.getThreadCpuTime(info.getThreadId());
				if (cpu >= 0) {
					byThread.put(info.getThreadId(), cpu);
				}
			}
		}
		return byThread;
	}

	/**
	 * What per-thread counters (CPU time, allocated bytes) grew by between two readings:
	 * threads started in between count in full, threads that ended in between are missed.
	 * @param before the earlier reading, by thread id
	 * @param after the later reading, by thread id
	 * @return the growth, added over the threads
	 */
	static long sinceByThread(Map<Long, Long> before, Map<Long, Long> after) {
		long total = 0;
		for (Map.Entry<Long, Long> entry : after.entrySet()) {
			total += entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
		}
		return total;
	}

	/**
	 * utime + stime, fields 14 and 15 of /proc/pid/stat, counted after the parenthesised
	 * name.
	 */
	private long etcdCpuNanos() {
		try {
			return cpuNanos(Files.readString(this.etcdStat));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the etcd process's CPU time from " + this.etcdStat, ex);
		}
	}

	/**
	 * Counter readings at one instant.
	 *
	 * @param nanoTime {@link System#nanoTime()}
	 * @param processCpuNanos this JVM's CPU time, all threads, GC and JIT included
	 * @param etcdCpuNanos the etcd process's CPU time (10 ms resolution at 100 ticks per
	 * second)
	 * @param gcCount collections so far
	 * @param gcMillis time spent collecting so far, as the collectors report it
	 * @param jitMillis time the JIT compilers spent so far
	 * @param jitCpuNanos CPU time of the JIT compiler threads so far
	 * @param allocatedBytes bytes allocated so far by each live thread
	 */
	record Snapshot(long nanoTime, long processCpuNanos, long etcdCpuNanos, long gcCount, long gcMillis, long jitMillis,
			long jitCpuNanos, Map<Long, Long> allocatedBytes) {

		/**
		 * What the counters grew by from an earlier snapshot to this one (allocation by
		 * the threads alive now, see {@link Meters#sinceByThread}).
		 * @param earlier the earlier snapshot
		 * @return the usage in between
		 */
		Usage since(Snapshot earlier) {
			return new Usage(this.nanoTime - earlier.nanoTime, this.processCpuNanos - earlier.processCpuNanos,
					this.etcdCpuNanos - earlier.etcdCpuNanos, this.gcCount - earlier.gcCount,
					this.gcMillis - earlier.gcMillis, this.jitMillis - earlier.jitMillis,
					this.jitCpuNanos - earlier.jitCpuNanos, sinceByThread(earlier.allocatedBytes, this.allocatedBytes));
		}

	}

}
