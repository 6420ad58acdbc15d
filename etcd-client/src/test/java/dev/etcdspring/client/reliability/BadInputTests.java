package dev.etcdspring.client.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.error.CompactedException;
import dev.etcdspring.client.error.DuplicateKeyException;
import dev.etcdspring.client.error.EmptyKeyException;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.error.FutureRevisionException;
import dev.etcdspring.client.error.InvalidEndpointException;
import dev.etcdspring.client.error.LeaseNotFoundException;
import dev.etcdspring.client.error.LeaseTtlTooLargeException;
import dev.etcdspring.client.error.RequestTooLargeException;
import dev.etcdspring.client.error.TooManyTxnOpsException;
import dev.etcdspring.client.kv.Compare;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.client.kv.GetResult;
import dev.etcdspring.client.kv.Op;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.client.lease.Session;
import dev.etcdspring.client.watch.WatchOptions;
import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Bad input: every row of the README's error table that input can cause, malformed
 * endpoints, negative and huge TTLs, a lock on an expired session, and any bytes as keys
 * and values (property-based, with and without a namespace, values up to 1 MiB). Each
 * gets a typed error with a message that says what was wrong, nothing is half-written,
 * and the client works afterwards.
 */
class BadInputTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	private static String unique() {
		return "bad-input/" + UUID.randomUUID().toString().substring(0, 8) + "/";
	}

	private static EtcdException failure(Supplier<? extends CompletableFuture<?>> call) {
		Throwable thrown = catchThrowable(() -> call.get().join());
		assertThat(thrown).as("the call fails").isInstanceOf(CompletionException.class);
		assertThat(thrown.getCause()).as("typed").isInstanceOf(EtcdException.class);
		return (EtcdException) thrown.getCause();
	}

	/** The client still reads and writes after whatever went before. */
	private static void stillWorks(EtcdClient client, String p) {
		client.kv().put(p + "alive", "yes").join();
		assertThat(client.kv().get(p + "alive").join().first()).isPresent();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "/app/" })
	void everyInputOfTheErrorTableGetsItsTypedError(String namespace) {
		try (EtcdClient client = build(namespace)) {
			String p = unique();
			ByteSequence empty = ByteSequence.EMPTY;

			// empty key, on every path
			List<EtcdException> emptyKeys = new ArrayList<>();
			emptyKeys.add(failure(() -> client.kv().put(empty, ByteSequence.from("v"))));
			emptyKeys.add(failure(() -> client.kv().get(empty)));
			emptyKeys.add(failure(() -> client.kv().delete(empty)));
			emptyKeys.add(failure(() -> client.kv()
				.txn()
				.when(Compare.value(empty).equal("x"))
				.then(PutOp.of(p + "t", "v"))
				.commit()));
			emptyKeys.add(failure(() -> client.kv().txn().then(PutOp.of(empty, ByteSequence.from("v"))).commit()));
			emptyKeys.add(failure(
					() -> client.kv().putWithTtl(PutOp.of(empty, ByteSequence.from("v")), Duration.ofSeconds(5))));
			emptyKeys.add(failure(() -> client.lock().lock("", Duration.ofSeconds(5))));
			assertThat(emptyKeys)
				.allSatisfy((e) -> assertThat(e).isInstanceOf(EmptyKeyException.class).hasMessageContaining("empty"));
			assertThatExceptionOfType(EmptyKeyException.class)
				.isThrownBy(() -> client.watch().watch(KeyRange.key(empty), WatchOptions.DEFAULT, (r) -> {
				}));
			assertThat(client.kv().get(GetOp.prefix(p)).join().kvs()).as("nothing half-written").isEmpty();
			stillWorks(client, p);

			// request too large: etcd takes 1.5 MiB at most (--max-request-bytes), gRPC 2
			// MiB
			for (int size : new int[] { 1_700_000, 2 * 1024 * 1024 }) {
				EtcdException tooLarge = failure(
						() -> client.kv().put(ByteSequence.from(p + "huge"), ByteSequence.from(new byte[size])));
				assertThat(tooLarge).isInstanceOf(RequestTooLargeException.class).hasMessageContaining("larger than");
				assertThat(client.kv().get(p + "huge").join().kvs()).isEmpty();
			}
			stillWorks(client, p);

			// too many operations in a transaction
			Op[] many = new Op[129];
			for (int i = 0; i < many.length; i++) {
				many[i] = PutOp.of(p + "many/" + i, "v");
			}
			EtcdException tooMany = failure(() -> client.kv().txn().then(many).commit());
			assertThat(tooMany).isInstanceOf(TooManyTxnOpsException.class).hasMessageContaining("too many");
			assertThat(client.kv().get(GetOp.prefix(p + "many/")).join().kvs()).as("nothing half-written").isEmpty();

			// the same key twice in a transaction
			EtcdException duplicate = failure(() -> client.kv()
				.txn()
				.then(PutOp.of(p + "d", "1"), PutOp.of(p + "d", "2"), PutOp.of(p + "e", "3"))
				.commit());
			assertThat(duplicate).isInstanceOf(DuplicateKeyException.class).hasMessageContaining("duplicate");
			assertThat(client.kv().get(GetOp.prefix(p + "d")).join().kvs()).isEmpty();
			assertThat(client.kv().get(p + "e").join().kvs()).as("nothing half-written").isEmpty();
			stillWorks(client, p);

			// a future revision, a compacted one
			long now = client.kv().put(p + "r", "1").join().header().revision();
			assertThat(failure(() -> client.kv().get(GetOp.key(p + "r").withRevision(now + 1_000_000))))
				.isInstanceOf(FutureRevisionException.class)
				.hasMessageContaining("future");
			long compactAt = client.kv().put(p + "r", "2").join().header().revision();
			client.kv().compact(compactAt, false).join();
			assertThat(failure(() -> client.kv().get(GetOp.key(p + "r").withRevision(compactAt - 1))))
				.isInstanceOf(CompactedException.class)
				.hasMessageContaining("compacted");
			stillWorks(client, p);

			// leases: negative, zero and huge TTLs, an unknown lease, a lock on an
			// expired session
			assertThatIllegalArgumentException().isThrownBy(() -> client.lease().grant(Duration.ofSeconds(-1)))
				.withMessageContaining("ttl");
			assertThatIllegalArgumentException().isThrownBy(() -> client.lease().grant(Duration.ZERO))
				.withMessageContaining("ttl");
			assertThat(failure(() -> client.lease().grant(Duration.ofSeconds(Long.MAX_VALUE))))
				.isInstanceOf(LeaseTtlTooLargeException.class)
				.hasMessageContaining("too large");
			assertThat(failure(() -> client.lease().grant(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999))))
				.isInstanceOf(LeaseTtlTooLargeException.class);
			assertThat(failure(() -> client.lease().grant(Duration.ofSeconds(10_000_000_000L))))
				.isInstanceOf(LeaseTtlTooLargeException.class);
			long unknownLease = 0x7abcdef012345L;
			assertThat(failure(() -> client.kv().put(PutOp.of(p + "leased", "v").withLease(unknownLease))))
				.isInstanceOf(LeaseNotFoundException.class)
				.hasMessageContaining("lease");
			assertThat(client.kv().get(p + "leased").join().kvs()).isEmpty();
			assertThat(failure(() -> client.lease().keepAliveOnce(unknownLease)))
				.isInstanceOf(LeaseNotFoundException.class);
			Session session = client.lease().newSession(Duration.ofSeconds(5)).join();
			client.lease().revoke(session.leaseId()).join();
			EtcdException expired = failure(() -> client.lock().lock(p + "lock", session, Duration.ofSeconds(5)));
			assertThat(expired).isInstanceOf(LeaseNotFoundException.class).hasMessageContaining("lease");
			assertThat(client.kv().get(GetOp.prefix(p + "lock")).join().kvs()).as("no claim left behind").isEmpty();
			session.close();
			stillWorks(client, p);
		}
	}

	private static EtcdClient build(String namespace) {
		var builder = EtcdClient.builder().endpoints(etcd.endpoints());
		if (!namespace.isEmpty()) {
			builder.namespace(namespace);
		}
		return builder.build();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "127.0.0.1:notaport", "http://127.0.0.1:99999", "http://127.0.0.1:-1",
			"ftp://127.0.0.1:2379", "http://", "http://[::1", "http://a b:2379", "http://127.0.0.1:2379/path?q" })
	void malformedEndpointsAreRefusedAtBuildWithTheEndpointNamed(String endpoint) {
		Throwable thrown = catchThrowable(() -> EtcdClient.builder().endpoints(endpoint).build().close());
		assertThat(thrown).as("refused: '" + endpoint + "'")
			.isInstanceOfAny(InvalidEndpointException.class, IllegalArgumentException.class);
		assertThat(thrown.getMessage()).as("the message names the endpoint").contains(endpoint.strip());
	}

	@Test
	void mixedSchemesAndNoEndpointsAreRefused() {
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> EtcdClient.builder().endpoints("http://127.0.0.1:1", "https://127.0.0.1:2").build())
			.withMessageContaining("https");
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> EtcdClient.builder().endpoints(List.of()).build());
	}

	/**
	 * Any bytes as keys and values round-trip through put, get, prefix get, watch and
	 * delete, with and without a namespace; the namespace is applied to every key on the
	 * wire. A fixed seed, printed on failure; {@code -Dreliability.seed=…} replays a
	 * failure.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "", "/tenant\u0000\u00ff/" })
	void anyBytesRoundTrip(String namespace) {
		long seed = Long.getLong("reliability.seed", 20_260_501L);
		Random random = new Random(seed);
		String p = unique();
		int cases = 150;
		try (EtcdClient raw = EtcdClient.builder().endpoints(etcd.endpoints()).build();
				EtcdClient client = build(namespace)) {
			ByteSequence base = ByteSequence.from(p);
			ByteSequence wirePrefix = ByteSequence.from(namespace).concat(base);
			for (int i = 0; i < cases; i++) {
				ByteSequence key = base
					.concat(ByteSequence.from(bytes(random, 1 + random.nextInt(random.nextBoolean() ? 8 : 300), true)));
				int size = switch (random.nextInt(10)) {
					case 0 -> random.nextInt(1024 * 1024 + 1); // up to 1 MiB
					case 1 -> 0;
					default -> random.nextInt(300);
				};
				ByteSequence value = ByteSequence.from(bytes(random, size, false));
				String context = "seed " + seed + ", case " + i + ", key " + key + ", value of " + size + " bytes";
				try {
					long revision = client.kv().put(key, value).join().header().revision();
					GetResult got = client.kv().get(key).join();
					assertThat(got.kvs()).as(context).singleElement().satisfies((kv) -> {
						assertThat(kv.key()).isEqualTo(key);
						assertThat(kv.value()).isEqualTo(value);
						assertThat(kv.modRevision()).isEqualTo(revision);
					});
					// the key is found by its own prefix (keys ending in 0xff included)
					assertThat(client.kv().get(GetOp.prefix(key).withKeysOnly()).join().kvs()).as(context)
						.anySatisfy((kv) -> assertThat(kv.key()).isEqualTo(key));
					// on the wire, under the namespace
					ByteSequence wire = ByteSequence.from(namespace).concat(key);
					assertThat(raw.kv().get(wire).join().kvs()).as(context)
						.singleElement()
						.satisfies((kv) -> assertThat(kv.value()).isEqualTo(value));
					// a watch from that revision delivers the same bytes
					var delivered = new CompletableFuture<ByteSequence>();
					try (var watch = client.watch()
						.watch(KeyRange.key(key), WatchOptions.DEFAULT.withStartRevision(revision),
								(response) -> response.events().forEach((e) -> delivered.complete(e.kv().value())))) {
						assertThat(delivered.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join()).as(context)
							.isEqualTo(value);
					}
					assertThat(client.kv().delete(key).join().deleted()).as(context).isEqualTo(1);
					assertThat(client.kv().get(key).join().kvs()).as(context).isEmpty();
				}
				catch (AssertionError | RuntimeException ex) {
					throw new AssertionError("Failed at " + context + " (replay with -Dreliability.seed=" + seed + ")",
							ex);
				}
			}
			assertThat(raw.kv().get(GetOp.prefix(wirePrefix)).join().kvs())
				.as("every key deleted, nothing else written")
				.isEmpty();
			stillWorks(client, p);
		}
	}

	/** Random bytes; keys favour the bytes that edge cases hide in (0x00, 0xff, '/'). */
	private static byte[] bytes(Random random, int size, boolean key) {
		byte[] bytes = new byte[size];
		random.nextBytes(bytes);
		if (key) {
			for (int i = 0; i < size; i++) {
				switch (random.nextInt(6)) {
					case 0 -> bytes[i] = 0;
					case 1 -> bytes[i] = (byte) 0xff;
					case 2 -> bytes[i] = '/';
					default -> {
					}
				}
			}
		}
		return bytes;
	}

}
