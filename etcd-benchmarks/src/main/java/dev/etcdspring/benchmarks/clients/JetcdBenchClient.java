package dev.etcdspring.benchmarks.clients;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;

/**
 * jetcd with its default builder, used through its public API only. jetcd says when a
 * watch is created only through a created notification, so its watches ask for one; its
 * watcher objects have nothing else to tell it.
 */
final class JetcdBenchClient implements BenchClient {

	private static final GetOption SERIALIZABLE = GetOption.builder().withSerializable(true).build();

	private static final WatchOption KEY = WatchOption.builder().withCreateNotify(true).build();

	private static final WatchOption PREFIX = WatchOption.builder().withCreateNotify(true).isPrefix(true).build();

	private final Client client;

	private final KV kv;

	/**
	 * Connects to the given endpoint.
	 * @param endpoint a client URL such as {@code http://127.0.0.1:2379}
	 */
	JetcdBenchClient(String endpoint) {
		this.client = Client.builder().endpoints(endpoint).build();
		this.kv = this.client.getKVClient();
	}

	@Override
	public CompletableFuture<?> put(byte[] key, byte[] value) {
		return this.kv.put(ByteSequence.from(key), ByteSequence.from(value));
	}

	@Override
	public CompletableFuture<Integer> get(byte[] key, boolean serializable) {
		return this.kv.get(ByteSequence.from(key), serializable ? SERIALIZABLE : GetOption.DEFAULT)
			.thenApply(JetcdBenchClient::valueSize);
	}

	private static Integer valueSize(GetResponse response) {
		return response.getKvs().isEmpty() ? -1 : response.getKvs().get(0).getValue().size();
	}

	@Override
	public CompletableFuture<Boolean> putIfVersion(byte[] key, long expectedVersion, byte[] value) {
		ByteSequence k = ByteSequence.from(key);
		return this.kv.txn()
			.If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(expectedVersion)))
			.Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
			.commit()
			.thenApply(TxnResponse::isSucceeded);
	}

	@Override
	public Watcher watcher(WatchSink sink) {
		Watch watch = this.client.getWatchClient();
		// one listener for every watch of the sink: events carry their keys
		Watch.Listener listener = new SinkListener(sink);
		return (key, prefix) -> watch.watch(ByteSequence.from(key), prefix ? PREFIX : KEY, listener);
	}

	@Override
	public List<String> libraries() {
		// by name: referring to Vert.x classes makes javac look for Vert.x's annotation
		// classes
		return List.of(Client.class.getName(), "io.vertx.core.Vertx", "io.vertx.grpc.VertxChannelBuilder",
				"io.grpc.ManagedChannel", "io.grpc.netty.NettyChannelBuilder", "io.netty.channel.Channel",
				"com.google.protobuf.Message");
	}

	@Override
	public void close() {
		this.client.close();
	}

	/** Hands each event's key number, revision and value size to the sink. */
	private static final class SinkListener implements Watch.Listener {

		private final WatchSink sink;

		SinkListener(WatchSink sink) {
			this.sink = sink;
		}

		@Override
		public void onNext(WatchResponse response) {
			if (response.isCreatedNotify()) {
				this.sink.created();
				return;
			}
			for (WatchEvent event : response.getEvents()) {
				KeyValue kv = event.getKeyValue();
				// jetcd's ByteSequence has no byte accessor: its users copy the bytes out
				byte[] key = kv.getKey().getBytes();
				this.sink.event(KeyNumbers.of(key.length, (i) -> key[i]), kv.getModRevision(), kv.getValue().size());
			}
		}

		@Override
		public void onError(Throwable error) {
			this.sink.failed(error);
		}

		@Override
		public void onCompleted() {
		}

	}

}
