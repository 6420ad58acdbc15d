package dev.etcdspring.benchmarks.clients;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.etcdspring.client.internal.proto.KVGrpc;
import dev.etcdspring.client.internal.proto.RpcProto;
import dev.etcdspring.client.internal.proto.RpcProto.Compare;
import dev.etcdspring.client.internal.proto.RpcProto.PutRequest;
import dev.etcdspring.client.internal.proto.RpcProto.PutResponse;
import dev.etcdspring.client.internal.proto.RpcProto.RangeRequest;
import dev.etcdspring.client.internal.proto.RpcProto.RangeResponse;
import dev.etcdspring.client.internal.proto.RpcProto.RequestOp;
import dev.etcdspring.client.internal.proto.RpcProto.TxnRequest;
import dev.etcdspring.client.internal.proto.WatchGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

/**
 * grpc-java async stubs generated from our own {@code .proto} files, on one plaintext
 * channel, with no deadline, retry or conversion. Keys and values are wrapped, not
 * copied. Watches share one stream ({@link RawWatchStream}), opened with the first one.
 * Three ways to run them:
 * <ul>
 * <li>{@link #direct}: the channel is built with {@code directExecutor()}, so every
 * response completes its future, and every watch response reaches its sink, on the Netty
 * event loop that read it: no thread hop per response. The floor for any Java
 * client.</li>
 * <li>{@link #defaultExecutor}: grpc-java's default executor, a cached thread pool that
 * wakes a thread for every response: the slowest way to run the stubs.</li>
 * <li>{@link #withOwnThreads}: an event loop and a callback pool of their own, for the
 * watch parts' writer.</li>
 * </ul>
 * The first two use grpc-java's shared default event loops.
 */
public final class RawStubsBenchClient implements BenchClient {

	/** How the names of the threads of {@link #withOwnThreads} start. */
	public static final String OWN_THREADS = "bench-writer-";

	private final ManagedChannel channel;

	private final KVGrpc.KVStub kv;

	private @Nullable RawWatchStream watches;

	/**
	 * The writer's own event loop and executor, or null for grpc-java's shared defaults.
	 */
	private final @Nullable EventLoopGroup eventLoopGroup;

	private final @Nullable ExecutorService executor;

	private RawStubsBenchClient(NettyChannelBuilder builder, @Nullable EventLoopGroup eventLoopGroup,
			@Nullable ExecutorService executor) {
		this.eventLoopGroup = eventLoopGroup;
		this.executor = executor;
		this.channel = builder.build();
		this.kv = KVGrpc.newStub(this.channel);
	}

	/**
	 * Raw stubs whose calls and listeners run on {@code directExecutor()}: responses
	 * complete on the Netty event loop, and the next request of a chain is sent from
	 * there. The floor.
	 * @param endpoint a client URL such as {@code http://127.0.0.1:2379}
	 * @return the client
	 */
	static RawStubsBenchClient direct(String endpoint) {
		return new RawStubsBenchClient(channel(endpoint).directExecutor(), null, null);
	}

	/**
	 * Raw stubs on grpc-java's default executor (a cached thread pool shared by every
	 * channel of the JVM), which hands every response to a pool thread.
	 * @param endpoint a client URL such as {@code http://127.0.0.1:2379}
	 * @return the client
	 */
	static RawStubsBenchClient defaultExecutor(String endpoint) {
		return new RawStubsBenchClient(channel(endpoint), null, null);
	}

	/**
	 * Raw stubs on threads of their own (an event loop and a callback pool), for the
	 * watch parts' writer: otherwise it would share grpc-java's default event loops and
	 * executor with a raw-stub watcher in the same JVM, and slow it down (seen: raw
	 * watchers hundreds of milliseconds behind a raw writer on the shared defaults, a few
	 * milliseconds behind one on threads of its own).
	 * @param endpoint a client URL
	 * @return the client
	 */
	public static RawStubsBenchClient withOwnThreads(String endpoint) {
		boolean epoll = Epoll.isAvailable();
		EventLoopGroup eventLoopGroup = new MultiThreadIoEventLoopGroup(1,
				new DefaultThreadFactory(OWN_THREADS + "io", true),
				epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
		ExecutorService executor = Executors
			.newCachedThreadPool(new DefaultThreadFactory(OWN_THREADS + "callback", true));
		NettyChannelBuilder builder = channel(endpoint).eventLoopGroup(eventLoopGroup)
			.channelType(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
			.executor(executor);
		return new RawStubsBenchClient(builder, eventLoopGroup, executor);
	}

	private static NettyChannelBuilder channel(String endpoint) {
		URI uri = URI.create(endpoint);
		return NettyChannelBuilder.forTarget(uri.getHost() + ":" + uri.getPort()).usePlaintext();
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
		Reply<RpcProto.TxnResponse, Boolean> reply = new Reply<>(RpcProto.TxnResponse::getSucceeded);
		this.kv.txn(request, reply);
		return reply;
	}

	@Override
	public Watcher watcher(WatchSink sink) {
		RawWatchStream stream = watchStream();
		return (key, prefix) -> stream.watch(key, prefix, sink);
	}

	private synchronized RawWatchStream watchStream() {
		RawWatchStream stream = this.watches;
		if (stream == null) {
			stream = RawWatchStream.open(WatchGrpc.newStub(this.channel));
			this.watches = stream;
		}
		return stream;
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
		if (this.executor != null) {
			this.executor.shutdownNow();
		}
		if (this.eventLoopGroup != null) {
			this.eventLoopGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS);
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
