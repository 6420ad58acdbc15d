package dev.etcdspring.benchmarks.workloads;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import dev.etcdspring.benchmarks.clients.BenchClient;
import dev.etcdspring.benchmarks.clients.ClientKind;
import dev.etcdspring.benchmarks.clients.OursBenchClient;
import dev.etcdspring.benchmarks.clients.RawStubsBenchClient;
import org.jspecify.annotations.Nullable;

/**
 * What a worker JVM measures on its client: one method per part, each running one
 * measurement and returning its result record. Holds the client's workloads, and makes on
 * first use the watch parts' shared writer and the template part's state. Not
 * thread-safe: a worker runs one measurement at a time.
 */
public final class Measurements implements AutoCloseable {

	/** Keys of the template part, so at most this many caller threads. */
	public static final int TEMPLATE_KEYS = TemplateRun.KEYS;

	/** Keys per watch-part run, at most. */
	public static final int MAX_WATCH_KEYS = WatchKeys.MAX_KEYS;

	/**
	 * Longest a watch-throughput run may take: the writer's limit, then the watcher's.
	 */
	public static final Duration WATCH_THROUGHPUT_TIMEOUT = WatchThroughputRun.WRITE_TIMEOUT
		.plus(WatchThroughputRun.EVENT_TIMEOUT);

	/**
	 * Longest a watch-scale run may wait: for the watches' creation, then for the probes.
	 */
	public static final Duration WATCH_SCALE_TIMEOUT = WatchScaleRun.OPEN_TIMEOUT.plus(WatchScaleRun.PROBE_TIMEOUT);

	private final ClientKind kind;

	private final BenchClient client;

	private final String endpoint;

	private final Dataset data;

	private final Meters meters;

	private final long maxOps;

	private final Map<WorkloadKind, Workload> workloads = new EnumMap<>(WorkloadKind.class);

	private @Nullable BenchClient writer;

	private TemplateRun.@Nullable Keys templateKeys;

	/**
	 * Measurements of one client.
	 * @param kind the client's kind
	 * @param client the client, connected
	 * @param endpoint the etcd client URL, for the shared writer
	 * @param data the keys and value
	 * @param etcdPid the etcd process, whose CPU time the runs read
	 * @param clockTicksPerSecond the kernel's {@code CLK_TCK}
	 * @param maxOps at most this many requests per run
	 */
	public Measurements(ClientKind kind, BenchClient client, String endpoint, Dataset data, long etcdPid,
			long clockTicksPerSecond, long maxOps) {
		this.kind = kind;
		this.client = client;
		this.endpoint = endpoint;
		this.data = data;
		this.meters = new Meters(etcdPid, clockTicksPerSecond);
		this.maxOps = maxOps;
		for (WorkloadKind workload : WorkloadKind.values()) {
			this.workloads.put(workload, workload.create(data, kind));
		}
	}

	/**
	 * One warm-up and measured window of a key-value workload ({@link LoadRun}).
	 * @param workload the workload
	 * @param inFlight requests kept in flight
	 * @param warmup time before the window
	 * @param window the measured time
	 * @return the window's counters
	 * @throws InterruptedException if interrupted while waiting
	 */
	public RunResult load(WorkloadKind workload, int inFlight, Duration warmup, Duration window)
			throws InterruptedException {
		return new LoadRun(workload.id(), workload.blocking(), this.workloads.get(workload), this.client,
				this.kind.id(), inFlight, this.data.keyCount(), warmup, window, this.maxOps, this.meters)
			.run();
	}

	/**
	 * One watch-throughput run ({@link WatchThroughputRun}).
	 * @param events keys to put under the watched prefix
	 * @param writers puts in flight
	 * @param label unique per run of this worker, part of the keys' prefix
	 * @return the result
	 * @throws InterruptedException if interrupted while waiting
	 */
	public WatchThroughputResult watchThroughput(int events, int writers, String label) throws InterruptedException {
		return new WatchThroughputRun(this.client, writer(), this.kind.id(),
				WatchKeys.prefix("watch", this.kind.id(), label), events, this.data.value(), writers, this.meters)
			.run();
	}

	/**
	 * One watch-scale run ({@link WatchScaleRun}).
	 * @param watches watches to open
	 * @param probes keys to put for the delivery check
	 * @param label unique per run of this worker, part of the keys' prefix
	 * @return the result
	 * @throws InterruptedException if interrupted while waiting
	 */
	public WatchScaleResult watchScale(int watches, int probes, String label) throws InterruptedException {
		return new WatchScaleRun(this.client, writer(), this.kind.id(),
				WatchKeys.prefix("watch-scale", this.kind.id(), label), watches, probes, this.data.value(), this.meters)
			.run();
	}

	/**
	 * One warm-up and measured window of the template part ({@link TemplateRun}); our
	 * client only.
	 * @param op {@code put} or {@code get}
	 * @param mode {@code bare} or {@code template}
	 * @param threads caller threads
	 * @param warmup time before the window
	 * @param window the measured time
	 * @return the window's counters
	 * @throws InterruptedException if interrupted while waiting
	 */
	public TemplateResult template(String op, String mode, int threads, Duration warmup, Duration window)
			throws InterruptedException {
		TemplateRun.Keys keys = this.templateKeys;
		if (keys == null) {
			if (!(this.client instanceof OursBenchClient ours)) {
				throw new IllegalStateException("The template part runs on our client only, not " + this.kind.id());
			}
			keys = new TemplateRun.Keys(ours.client(), this.data.value().length);
			this.templateKeys = keys;
		}
		return new TemplateRun(keys, op, mode, threads, warmup, window, this.maxOps, this.meters).run();
	}

	/**
	 * The writer of the watch parts: raw stubs on a channel and threads of their own, the
	 * same for every client under test, so that the writes cost every worker the same and
	 * share nothing with the watcher.
	 */
	private BenchClient writer() {
		BenchClient writer = this.writer;
		if (writer == null) {
			writer = RawStubsBenchClient.withOwnThreads(this.endpoint);
			this.writer = writer;
		}
		return writer;
	}

	/**
	 * Closes the writer, if one was made; the client under test belongs to the caller.
	 */
	@Override
	public void close() {
		BenchClient writer = this.writer;
		if (writer != null) {
			writer.close();
		}
	}

}
