package dev.etcdspring.benchmarks;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.etcdspring.client.internal.proto.Compare;
import dev.etcdspring.client.internal.proto.KVGrpc;
import dev.etcdspring.client.internal.proto.PutRequest;
import dev.etcdspring.client.internal.proto.PutResponse;
import dev.etcdspring.client.internal.proto.RangeRequest;
import dev.etcdspring.client.internal.proto.RangeResponse;
import dev.etcdspring.client.internal.proto.RequestOp;
import dev.etcdspring.client.internal.proto.TxnRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;

import org.jspecify.annotations.Nullable;

/**
 * The floor for any Java client: grpc-java async stubs generated from our own {@code .proto} files,
 * on one default plaintext channel, with no deadline, retry, conversion or executor of its own.
 * Keys and values are wrapped, not copied.
 */
public final class RawStubsBenchClient implements BenchClient {

	private final ManagedChannel channel;

	private final KVGrpc.KVStub kv;

	/**
	 * Opens a channel to the given endpoint.
	 * @param endpoint a client URL such as {@code http://127.0.0.1:2379}
	 */
	public RawStubsBenchClient(String endpoint) {
		URI uri = URI.create(endpoint);
		this.channel = NettyChannelBuilder.forTarget(uri.getHost() + ":" + uri.getPort()).usePlaintext().build();
		this.kv = KVGrpc.newStub(this.channel);
	}

	@Override
	public CompletableFuture<?> put(byte[] key, byte[] value) {
		PutRequest request = PutRequest.newBuilder().setKey(wrap(key)).setValue(wrap(value)).build();
		Reply<PutResponse, PutResponse> reply = new Reply<>(Function.identity());
		this.kv.put(request, reply);
		return reply;
	}

	@Override
	public CompletableFuture<Integer> get(byte[] key, boolean serializable) {
		RangeRequest request = RangeRequest.newBuilder().setKey(wrap(key)).setSerializable(serializable).build();
		Reply<RangeResponse, Integer> reply = new Reply<>(
				(response) -> (response.getKvsCount() == 0) ? -1 : response.getKvs(0).getValue().size());
		this.kv.range(request, reply);
		return reply;
	}

	@Override
	public CompletableFuture<Boolean> putIfVersion(byte[] key, long expectedVersion, byte[] value) {
		ByteString k = wrap(key);
		TxnRequest request = TxnRequest.newBuilder()
			.addCompare(Compare.newBuilder()
				.setKey(k)
				.setTarget(Compare.CompareTarget.VERSION)
				.setResult(Compare.CompareResult.EQUAL)
				.setVersion(expectedVersion))
			.addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(k).setValue(wrap(value))))
			.build();
		Reply<dev.etcdspring.client.internal.proto.TxnResponse, Boolean> reply = new Reply<>(
				dev.etcdspring.client.internal.proto.TxnResponse::getSucceeded);
		this.kv.txn(request, reply);
		return reply;
	}

	private static ByteString wrap(byte[] bytes) {
		return UnsafeByteOperations.unsafeWrap(bytes);
	}

	@Override
	public List<String> libraries() {
		return List.of(KVGrpc.class.getName(), ManagedChannel.class.getName(), NettyChannelBuilder.class.getName(),
				com.google.protobuf.Message.class.getName());
	}

	@Override
	public void close() {
		this.channel.shutdownNow();
		try {
			this.channel.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The response observer of one unary call, and the future of its converted response.
	 */
	private static final class Reply<T, R> extends CompletableFuture<R> implements StreamObserver<T> {

		private final Function<? super T, ? extends R> converter;

		private @Nullable T response;

		Reply(Function<? super T, ? extends R> converter) {
			this.converter = converter;
		}

		@Override
		public void onNext(T value) {
			this.response = value;
		}

		@Override
		public void onError(Throwable error) {
			completeExceptionally(error);
		}

		@Override
		public void onCompleted() {
			T received = this.response;
			if (received == null) {
				completeExceptionally(new IllegalStateException("The call completed without a response"));
				return;
			}
			complete(this.converter.apply(received));
		}

	}

}
