package dev.etcdspring.benchmarks.clients;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.etcdspring.boot.metrics.EtcdClientInstrumentation;
import dev.etcdspring.boot.metrics.EtcdClientObservationConvention;
import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientBuilder;
import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.kv.Compare;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.client.kv.GetResult;
import dev.etcdspring.client.kv.KvClient;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.client.kv.TxnResult;
import dev.etcdspring.client.watch.Watch;
import dev.etcdspring.client.watch.WatchEvent;
import dev.etcdspring.client.watch.WatchListener;
import dev.etcdspring.client.watch.WatchOptions;
import dev.etcdspring.client.watch.WatchResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/**
 * Our {@code etcd-client}, built with its defaults, used through its public API only. The
 * environment variable {@value #INSTRUMENTATION} (inherited by the worker JVMs)
 * instruments it as Spring Boot does with Actuator: {@code metrics} adds Micrometer's
 * gRPC metrics interceptor and the client's own meters on a {@link SimpleMeterRegistry};
 * {@code all} adds observations too, handled by Micrometer's
 * {@link DefaultMeterObservationHandler} (no tracer); unset or {@code none} for the bare
 * client.
 */
public final class OursBenchClient implements BenchClient {

	/**
	 * The environment variable that instruments the client: {@code none}, {@code metrics}
	 * or {@code all}.
	 */
	public static final String INSTRUMENTATION = "BENCH_OURS_INSTRUMENTATION";

	private final EtcdClient client;

	private final KvClient kv;

	/**
	 * Connects to the given endpoint.
	 * @param endpoint a client URL such as {@code http://127.0.0.1:2379}
	 */
	OursBenchClient(String endpoint) {
		this.client = instrumented(EtcdClient.builder().endpoints(List.of(endpoint))).build();
		this.kv = this.client.kv();
	}

	private static EtcdClientBuilder instrumented(EtcdClientBuilder builder) {
		String mode = System.getenv(INSTRUMENTATION);
		if (mode == null || mode.isBlank() || mode.equals("none")) {
			return builder;
		}
		MeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = null;
		if (mode.equals("all")) {
			observations = ObservationRegistry.create();
			observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		}
		else if (!mode.equals("metrics")) {
			throw new IllegalArgumentException(INSTRUMENTATION + " must be none, metrics or all, was " + mode);
		}
		return new EtcdClientInstrumentation(meters, observations, new EtcdClientObservationConvention(), false)
			.instrument("bench", builder);
	}

	@Override
	public CompletableFuture<?> put(byte[] key, byte[] value) {
		return this.kv.put(ByteSequence.from(key), ByteSequence.from(value));
	}

	@Override
	public CompletableFuture<Integer> get(byte[] key, boolean serializable) {
		GetOp op = GetOp.key(ByteSequence.from(key));
		return this.kv.get(serializable ? op.withSerializable() : op).thenApply(OursBenchClient::valueSize);
	}

	@Override
	public int getAndWait(byte[] key, boolean serializable) {
		// the value is read on the calling thread: nothing is attached to the client's
		// future
		GetOp op = GetOp.key(ByteSequence.from(key));
		return valueSize(this.kv.get(serializable ? op.withSerializable() : op).join());
	}

	private static Integer valueSize(GetResult result) {
		return result.kvs().isEmpty() ? -1 : result.kvs().get(0).value().size();
	}

	@Override
	public CompletableFuture<Boolean> putIfVersion(byte[] key, long expectedVersion, byte[] value) {
		ByteSequence k = ByteSequence.from(key);
		return this.kv.txn()
			.when(Compare.version(k).equal(expectedVersion))
			.then(PutOp.of(k, ByteSequence.from(value)))
			.commit()
			.thenApply(TxnResult::succeeded);
	}

	@Override
	public Watcher watcher(WatchSink sink) {
		// one listener for every watch of the sink: events carry their keys
		WatchListener listener = new SinkListener(sink);
		return (key, prefix) -> {
			ByteSequence k = ByteSequence.from(key);
			Watch watch = this.client.watch()
				.watch(prefix ? KeyRange.prefix(k) : KeyRange.key(k), WatchOptions.DEFAULT, listener);
			watch.created().whenComplete((revision, error) -> {
				if (error != null) {
					sink.failed(error);
				}
				else {
					sink.created();
				}
			});
			return watch;
		};
	}

	/**
	 * The underlying client, for the parts that use it through other APIs
	 * ({@code EtcdTemplate}).
	 * @return the client
	 */
	public EtcdClient client() {
		return this.client;
	}

	@Override
	public List<String> libraries() {
		return List.of(EtcdClient.class.getName(), ManagedChannel.class.getName(), NettyChannelBuilder.class.getName(),
				com.google.protobuf.Message.class.getName());
	}

	@Override
	public void close() {
		this.client.close();
	}

	/** Hands each event's key number, revision and value size to the sink. */
	private static final class SinkListener implements WatchListener {

		private final WatchSink sink;

		SinkListener(WatchSink sink) {
			this.sink = sink;
		}

		@Override
		public void onNext(WatchResponse response) {
			for (WatchEvent event : response.events()) {
				KeyValue kv = event.kv();
				ByteSequence key = kv.key();
				this.sink.event(KeyNumbers.of(key.size(), key::byteAt), kv.modRevision(), kv.value().size());
			}
		}

		@Override
		public void onError(EtcdException error) {
			this.sink.failed(error);
		}

	}

}
