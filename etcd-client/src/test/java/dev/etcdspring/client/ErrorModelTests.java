package dev.etcdspring.client;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import dev.etcdspring.client.error.ClientClosedException;
import dev.etcdspring.client.error.CompactedException;
import dev.etcdspring.client.error.DuplicateKeyException;
import dev.etcdspring.client.error.EmptyKeyException;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.error.FutureRevisionException;
import dev.etcdspring.client.error.NoSpaceException;
import dev.etcdspring.client.error.RequestTimeoutException;
import dev.etcdspring.client.error.RequestTooLargeException;
import dev.etcdspring.client.error.TooManyTxnOpsException;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.client.kv.GetResult;
import dev.etcdspring.client.kv.Op;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdClusterExtension;
import dev.etcdspring.test.EtcdMember;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every error a real etcd can be made to produce reaches the caller as its own exception
 * type, with a message that says what to do and the gRPC status as the cause; and the
 * seed's four failure kinds (own cancellation, deadline, server error, close race) are
 * told apart by type.
 */
class ErrorModelTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	private static EtcdException failure(CompletableFuture<?> future) {
		Throwable thrown = catchThrowable(future::join);
		assertThat(thrown).isInstanceOf(CompletionException.class).hasCauseInstanceOf(EtcdException.class);
		EtcdException cause = (EtcdException) thrown.getCause();
		assertThat(cause.getCause()).as("the gRPC status is kept as the cause").isNotNull();
		return cause;
	}

	@Test
	void serverRejectionsHaveTheirOwnTypes() {
		String p = TestKeys.unique("errors");
		try (EtcdClient client = EtcdClient.builder().endpoints(etcd.endpoints()).build()) {
			// the client refuses an empty key itself, so that it means the same with a
			// namespace
			assertThat(catchThrowable(client.kv().put("", "v")::join)).cause()
				.isInstanceOf(EmptyKeyException.class)
				.hasMessageContaining("every etcd key needs at least one byte");
			assertThat(catchThrowable(client.kv().get("")::join)).cause().isInstanceOf(EmptyKeyException.class);

			// above --max-request-bytes (1.5 MiB): etcd's own check
			ByteSequence big = ByteSequence.from(new byte[1_700_000]);
			assertThat(failure(client.kv().put(ByteSequence.from(p + "big"), big)))
				.isInstanceOf(RequestTooLargeException.class)
				.hasMessageContaining("--max-request-bytes");
			// above the server's gRPC receive limit: gRPC's check
			ByteSequence huge = ByteSequence.from(new byte[3_000_000]);
			assertThat(failure(client.kv().put(ByteSequence.from(p + "huge"), huge)))
				.isInstanceOf(RequestTooLargeException.class);
			assertThat(client.kv().get(p + "big").join().isEmpty()).as("nothing half-written").isTrue();

			Op[] ops = IntStream.range(0, 129).mapToObj((i) -> PutOp.of(p + "op" + i, "v")).toArray(Op[]::new);
			assertThat(failure(client.kv().txn().then(ops).commit())).isInstanceOf(TooManyTxnOpsException.class)
				.hasMessageContaining("--max-txn-ops");
			assertThat(client.kv().get(GetOp.prefix(p + "op").withCountOnly()).join().count()).isZero();

			assertThat(failure(client.kv().txn().then(PutOp.of(p + "d", "1"), PutOp.of(p + "d", "2")).commit()))
				.isInstanceOf(DuplicateKeyException.class);

			long now = client.kv().put(p + "r", "v").join().header().revision();
			assertThat(failure(client.kv().get(GetOp.key(p + "r").withRevision(now + 1000))))
				.isInstanceOf(FutureRevisionException.class);

			client.kv().put(p + "c", "1").join();
			long compactAt = client.kv().put(p + "c", "2").join().header().revision();
			client.kv().compact(compactAt, false).join();
			assertThat(failure(client.kv().get(GetOp.key(p + "c").withRevision(compactAt - 1))))
				.isInstanceOf(CompactedException.class)
				.hasMessageContaining("compacted");
		}
	}

	@Test
	void fullDatabaseRefusesWritesWithNoSpace() {
		try (EtcdCluster small = EtcdCluster.builder().arguments("--quota-backend-bytes", "1048576").start();
				EtcdClient client = EtcdClient.builder().endpoints(small.clientEndpoints()).build()) {
			ByteSequence value = ByteSequence.from(new byte[100_000]);
			EtcdException refused = null;
			for (int i = 0; i < 100 && refused == null; i++) {
				Throwable thrown = catchThrowable(client.kv().put(ByteSequence.from("fill/" + i), value)::join);
				if (thrown != null) {
					refused = (EtcdException) thrown.getCause();
				}
			}
			assertThat(refused).isInstanceOf(NoSpaceException.class).hasMessageContaining("quota-backend-bytes");
			// reads still work
			assertThat(client.kv().get(GetOp.prefix("fill/").withCountOnly()).join().count()).isPositive();
		}
	}

	@Test
	void deadlineCancellationAndCloseRaceAreToldApart() {
		try (EtcdCluster frozen = EtcdCluster.builder().start()) {
			EtcdMember member = frozen.member(0);
			EtcdClient client = EtcdClient.builder()
				.endpoints(frozen.clientEndpoints())
				.requestTimeout(Duration.ofMillis(500))
				.build();
			// set-up with a generous deadline: only the calls under test have 500 ms
			client.kv().withTimeout(Duration.ofSeconds(10)).put("k", "v").join();
			member.pause();
			try {
				// a deadline
				EtcdException timeout = failure(client.kv().get("k"));
				assertThat(timeout).isInstanceOf(RequestTimeoutException.class).hasMessageContaining("within 500 ms");
				assertThat(timeout.statusCode()).isEqualTo("DEADLINE_EXCEEDED");

				// the caller's own cancellation
				CompletableFuture<GetResult> cancelled = client.kv().withTimeout(Duration.ofMinutes(1)).get("k");
				assertThat(cancelled.cancel(true)).isTrue();
				assertThatExceptionOfType(CancellationException.class).isThrownBy(cancelled::join);

				// a call that races close()
				CompletableFuture<GetResult> inFlight = client.kv().withTimeout(Duration.ofMinutes(1)).get("k");
				client.close();
				assertThat(failure(inFlight)).isInstanceOf(ClientClosedException.class).hasMessageContaining("closed");
				assertThat(catchThrowable(client.kv().get("k")::join)).hasCauseInstanceOf(ClientClosedException.class);
			}
			finally {
				member.resume();
				client.close();
			}
		}
	}

}
