package dev.etcdspring.benchmarks;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

/**
 * jetcd with its default builder, used through its public API only.
 */
public final class JetcdBenchClient implements BenchClient {

	private static final GetOption SERIALIZABLE = GetOption.builder().withSerializable(true).build();

	private final Client client;

	private final KV kv;

	/**
	 * Connects to the given endpoint.
	 * @param endpoint a client URL such as {@code http://127.0.0.1:2379}
	 */
	public JetcdBenchClient(String endpoint) {
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
	public List<String> libraries() {
		// by name: referring to Vert.x classes makes javac look for Vert.x's annotation classes
		return List.of(Client.class.getName(), "io.vertx.core.Vertx", "io.vertx.grpc.VertxChannelBuilder",
				"io.grpc.ManagedChannel", "io.grpc.netty.NettyChannelBuilder", "io.netty.channel.Channel",
				"com.google.protobuf.Message");
	}

	@Override
	public void close() {
		this.client.close();
	}

}
