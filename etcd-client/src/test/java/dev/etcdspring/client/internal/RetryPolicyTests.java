package dev.etcdspring.client.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.ByteString;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.error.EmptyKeyException;
import dev.etcdspring.client.error.UnavailableException;
import dev.etcdspring.client.internal.proto.KVGrpc;
import dev.etcdspring.client.internal.proto.MvccProto.KeyValue;
import dev.etcdspring.client.internal.proto.RpcProto.PutRequest;
import dev.etcdspring.client.internal.proto.RpcProto.PutResponse;
import dev.etcdspring.client.internal.proto.RpcProto.RangeRequest;
import dev.etcdspring.client.internal.proto.RpcProto.RangeResponse;
import dev.etcdspring.client.internal.proto.RpcProto.ResponseHeader;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The retry rules, against a gRPC server in this JVM that fails on demand with answers a
 * real etcd gives only under faults (the real-cluster side of the same paths is
 * {@code FailoverTests}).
 */
class RetryPolicyTests {

	private final AtomicInteger ranges = new AtomicInteger();

	private final AtomicInteger puts = new AtomicInteger();

	private volatile int failRanges;

	private volatile Status rangeFailure = Status.UNAVAILABLE.withDescription("injected");

	private Server server;

	@BeforeEach
	void start() throws IOException {
		this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
			.addService(new KVGrpc.KVImplBase() {
				@Override
				public void range(RangeRequest request, StreamObserver<RangeResponse> response) {
					if (RetryPolicyTests.this.ranges.incrementAndGet() <= RetryPolicyTests.this.failRanges) {
						response.onError(RetryPolicyTests.this.rangeFailure.asRuntimeException());
						return;
					}
					response.onNext(RangeResponse.newBuilder()
						.setHeader(ResponseHeader.newBuilder().setRevision(7))
						.addKvs(KeyValue.newBuilder().setKey(request.getKey()).setValue(ByteString.copyFromUtf8("v")))
						.setCount(1)
						.build());
					response.onCompleted();
				}

				@Override
				public void put(PutRequest request, StreamObserver<PutResponse> response) {
					RetryPolicyTests.this.puts.incrementAndGet();
					response
						.onError(Status.UNAVAILABLE.withDescription("etcdserver: leader changed").asRuntimeException());
				}
			})
			.build()
			.start();
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	private EtcdClient client(Duration timeout) {
		return EtcdClient.builder()
			.endpoints("http://127.0.0.1:" + this.server.getPort())
			.requestTimeout(timeout)
			.build();
	}

	@Test
	void readFailingWithUnavailableIsRetried() {
		this.failRanges = 3;
		try (EtcdClient client = client(Duration.ofSeconds(10))) {
			assertThat(client.kv().get("k").join().first().orElseThrow().valueAsString()).isEqualTo("v");
		}
		assertThat(this.ranges).hasValue(4);
	}

	@Test
	void readRetriesStopAtTheDeadlineWithTheLastError() {
		this.failRanges = Integer.MAX_VALUE;
		try (EtcdClient client = client(Duration.ofMillis(700))) {
			Throwable thrown = catchThrowable(client.kv().get("k")::join);
			assertThat(thrown).hasCauseInstanceOf(UnavailableException.class);
			assertThat(thrown.getCause()).hasMessageContaining("attempts").hasMessageContaining("injected");
		}
		assertThat(this.ranges.get()).isGreaterThan(3);
	}

	@Test
	void readFailingWithAnotherErrorIsNotRetried() {
		this.failRanges = Integer.MAX_VALUE;
		this.rangeFailure = Status.INVALID_ARGUMENT.withDescription("etcdserver: key is not provided");
		try (EtcdClient client = client(Duration.ofSeconds(10))) {
			assertThat(catchThrowable(client.kv().get("k")::join)).hasCauseInstanceOf(EmptyKeyException.class);
		}
		assertThat(this.ranges).hasValue(1);
	}

	@Test
	void writeThatReachedTheServerIsNeverSentAgain() {
		try (EtcdClient client = client(Duration.ofSeconds(10))) {
			Throwable thrown = catchThrowable(client.kv().put("k", "v")::join);
			assertThat(thrown).hasCauseInstanceOf(UnavailableException.class);
			assertThat(thrown.getCause()).hasMessageContaining("whether a write was applied is unknown");
		}
		assertThat(this.puts).hasValue(1);
	}

}
