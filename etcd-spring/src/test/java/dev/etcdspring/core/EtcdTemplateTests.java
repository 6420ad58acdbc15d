package dev.etcdspring.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.kv.Compare;
import dev.etcdspring.client.kv.GetResult;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.client.kv.TxnResult;
import dev.etcdspring.core.convert.DefaultEtcdValueConverter;
import dev.etcdspring.core.convert.JacksonEtcdValueConverter;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.format.support.DefaultFormattingConversionService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class EtcdTemplateTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	static EtcdClient client;

	static EtcdTemplate template;

	String p;

	record Settings(String name, int replicas, List<String> zones) {
	}

	enum Mode {

		BLUE, GREEN

	}

	@BeforeAll
	static void connect() {
		client = EtcdClient.builder().endpoints(etcd.endpoints()).build();
		template = new EtcdTemplate(client,
				new JacksonEtcdValueConverter(new DefaultFormattingConversionService(), JsonMapper.builder().build()));
	}

	@AfterAll
	static void close() {
		client.close();
	}

	@BeforeEach
	void prefix(TestInfo info) {
		this.p = "template/" + info.getTestMethod().orElseThrow().getName() + "/" + UUID.randomUUID() + "/";
	}

	@Test
	void stringsNumbersEnumsObjectsAndBytesRoundTrip() {
		template.put(this.p + "s", "text");
		template.put(this.p + "n", 42);
		template.put(this.p + "e", Mode.GREEN);
		template.put(this.p + "i", Instant.parse("2026-11-25T10:15:30Z"));
		template.put(this.p + "o", new Settings("web", 3, List.of("a", "b")));
		template.put(this.p + "b", new byte[] { 1, 2, 3 });
		assertThat(template.get(this.p + "s")).hasValue("text");
		assertThat(template.get(this.p + "n", Integer.class)).hasValue(42);
		assertThat(template.get(this.p + "n")).hasValue("42");
		assertThat(template.get(this.p + "e", Mode.class)).hasValue(Mode.GREEN);
		assertThat(template.get(this.p + "i", Instant.class)).hasValue(Instant.parse("2026-11-25T10:15:30Z"));
		assertThat(template.get(this.p + "o", Settings.class)).hasValue(new Settings("web", 3, List.of("a", "b")));
		assertThat(template.get(this.p + "o"))
			.hasValueSatisfying((json) -> assertThat(json).contains("\"replicas\":3"));
		assertThat(template.get(this.p + "b", byte[].class))
			.hasValueSatisfying((b) -> assertThat(b).containsExactly(1, 2, 3));
		assertThat(template.get(this.p + "missing")).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> template.get(this.p + "s", Integer.class))
			.withMessageContaining("'text' is not a Integer");
		assertThatIllegalArgumentException().isThrownBy(() -> template.get(this.p + "s", Settings.class))
			.withMessageContaining("not JSON of a Settings");
	}

	@Test
	void getPrefixIsOrderedByKey() {
		template.put(this.p + "b", 2);
		template.put(this.p + "a", 1);
		template.put(this.p + "c", 3);
		assertThat(template.getPrefix(this.p)).containsExactly(Map.entry(this.p + "a", "1"),
				Map.entry(this.p + "b", "2"), Map.entry(this.p + "c", "3"));
		assertThat(template.getPrefix(this.p, Integer.class).values()).containsExactly(1, 2, 3);
	}

	@Test
	void putWithTtlExpires() {
		template.put(this.p + "t", "short-lived", Duration.ofSeconds(1));
		KeyValue entry = template.getEntry(this.p + "t").orElseThrow();
		assertThat(entry.lease()).isNotZero();
		await().atMost(Duration.ofSeconds(15)).until(() -> template.get(this.p + "t").isEmpty());
	}

	@Test
	void putIfAbsentOnlyOnceAndWithATtl() {
		assertThat(template.putIfAbsent(this.p + "k", "first")).isTrue();
		assertThat(template.putIfAbsent(this.p + "k", "second")).isFalse();
		assertThat(template.get(this.p + "k")).hasValue("first");
		long leases = client.lease().leases().join().ids().size();
		assertThat(template.putIfAbsent(this.p + "k", "third", Duration.ofSeconds(30))).isFalse();
		assertThat(client.lease().leases().join().ids()).as("the unused lease was revoked").hasSize((int) leases);
		assertThat(template.putIfAbsent(this.p + "ttl", "x", Duration.ofSeconds(30))).isTrue();
		assertThat(template.getEntry(this.p + "ttl").orElseThrow().lease()).isNotZero();
	}

	@Test
	void compareAndSetAndOptimisticReplace() {
		template.put(this.p + "k", 1);
		assertThat(template.compareAndSet(this.p + "k", 2, 3)).isFalse();
		assertThat(template.compareAndSet(this.p + "k", 1, 2)).isTrue();
		assertThat(template.get(this.p + "k", Integer.class)).hasValue(2);

		KeyValue read = template.getEntry(this.p + "k").orElseThrow();
		long written = template.replace(this.p + "k", 10, read.modRevision());
		assertThat(written).isGreaterThan(read.modRevision());
		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> template.replace(this.p + "k", 11, read.modRevision()))
			.withMessageContaining(this.p + "k");
		assertThat(template.get(this.p + "k", Integer.class)).hasValue(10);
	}

	@Test
	void deleteAndDeletePrefix() {
		template.put(this.p + "a", 1);
		template.put(this.p + "b/1", 1);
		template.put(this.p + "b/2", 1);
		assertThat(template.delete(this.p + "a")).isTrue();
		assertThat(template.delete(this.p + "a")).isFalse();
		assertThat(template.deletePrefix(this.p + "b/")).isEqualTo(2);
		assertThat(template.getPrefix(this.p)).isEmpty();
	}

	@Test
	void transactionsAndTheClientItself() {
		TxnResult result = template.txn((txn) -> txn.when(Compare.version(this.p + "lock").equal(0))
			.then(PutOp.of(this.p + "lock", "me"))
			.otherwise(dev.etcdspring.client.kv.GetOp.key(this.p + "lock")));
		assertThat(result.succeeded()).isTrue();
		GetResult viaClient = template.execute((c) -> c.kv().get(this.p + "lock").join());
		assertThat(viaClient.first().orElseThrow().valueAsString()).isEqualTo("me");
		assertThat(template.getClient()).isSameAs(client);
	}

	@Test
	void serverErrorsBecomeDataAccessExceptionsWithTheCause() {
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class).isThrownBy(() -> template.put("", "v"))
			.withCauseInstanceOf(dev.etcdspring.client.error.EmptyKeyException.class);
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> template.put(this.p + "big", new byte[2_000_000]))
			.withCauseInstanceOf(dev.etcdspring.client.error.RequestTooLargeException.class);
		// through execute, also when the client's future is joined inside
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> template.execute((c) -> c.kv().get("").join()));
	}

	@Test
	void unavailableClusterIsATransientFailure() {
		try (EtcdCluster cluster = EtcdCluster.builder().members(3).start()) {
			EtcdClient survivor = EtcdClient.builder()
				.endpoints(cluster.member(0).clientEndpoint())
				.requestTimeout(Duration.ofSeconds(30))
				.build();
			EtcdTemplate onSurvivor = new EtcdTemplate(survivor,
					new DefaultEtcdValueConverter(new DefaultFormattingConversionService()));
			onSurvivor.setTimeout(Duration.ofSeconds(30));
			onSurvivor.put("k", "before");
			cluster.member(1).kill();
			cluster.member(2).kill();
			// the survivor cannot commit without a quorum and answers "request timed out"
			assertThatExceptionOfType(org.springframework.dao.TransientDataAccessResourceException.class)
				.isThrownBy(() -> onSurvivor.put("k", "after"))
				.withCauseInstanceOf(dev.etcdspring.client.error.UnavailableException.class);
			survivor.close();
		}
	}

	@Test
	void timeoutsLocksAndAClosedClientTranslate() {
		try (EtcdCluster frozen = EtcdCluster.builder().start()) {
			EtcdClient slow = EtcdClient.builder()
				.endpoints(frozen.clientEndpoints())
				.requestTimeout(Duration.ofMillis(500))
				.build();
			EtcdTemplate slowTemplate = new EtcdTemplate(slow,
					new DefaultEtcdValueConverter(new DefaultFormattingConversionService()));
			// set-up with a generous deadline: only the calls under test have 500 ms
			slow.kv().withTimeout(Duration.ofSeconds(10)).put("k", "v").join();
			var held = slow.lock().lock("lock", Duration.ofSeconds(5)).join();
			assertThatExceptionOfType(CannotAcquireLockException.class)
				.isThrownBy(() -> slowTemplate.execute((c) -> c.lock()
					.lock(ByteSequence.from("lock"), c.lease().newSession(Duration.ofSeconds(10)).join(),
							Duration.ofMillis(300))
					.join()));
			held.close();
			frozen.member(0).pause();
			try {
				assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(() -> slowTemplate.get("k"))
					.withCauseInstanceOf(dev.etcdspring.client.error.RequestTimeoutException.class);
			}
			finally {
				frozen.member(0).resume();
			}
			slow.close();
			assertThatExceptionOfType(DataAccessResourceFailureException.class).isThrownBy(() -> slowTemplate.get("k"))
				.withCauseInstanceOf(dev.etcdspring.client.error.ClientClosedException.class);
		}
	}

	@Test
	void oneTimeoutForAllTheCallsOfAMethodAndForInterruptedCallers() throws Exception {
		try (EtcdCluster frozen = EtcdCluster.builder().start();
				EtcdClient patient = EtcdClient.builder()
					.endpoints(frozen.clientEndpoints())
					.requestTimeout(Duration.ofMinutes(5))
					.build()) {
			EtcdTemplate quick = new EtcdTemplate(patient,
					new DefaultEtcdValueConverter(new DefaultFormattingConversionService()));
			quick.setTimeout(Duration.ofMillis(500));
			quick.put("k", "v", Duration.ofSeconds(30));
			frozen.member(0).pause();
			try {
				// the client would wait five minutes per call: the template's timeout
				// ends the method
				assertThatExceptionOfType(QueryTimeoutException.class)
					.isThrownBy(() -> quick.put("k", "v", Duration.ofSeconds(30)))
					.withMessageContaining("within its timeout of 500 ms")
					.withNoCause();
				assertThatExceptionOfType(QueryTimeoutException.class)
					.isThrownBy(() -> quick.putIfAbsent("k2", "v", Duration.ofSeconds(30)));

				EtcdTemplate waiting = new EtcdTemplate(patient,
						new DefaultEtcdValueConverter(new DefaultFormattingConversionService()));
				waiting.setTimeout(Duration.ofMinutes(5));
				AtomicReference<RuntimeException> thrown = new AtomicReference<>();
				AtomicBoolean stillInterrupted = new AtomicBoolean();
				Thread caller = new Thread(() -> {
					try {
						waiting.get("k");
					}
					catch (RuntimeException ex) {
						thrown.set(ex);
						stillInterrupted.set(Thread.currentThread().isInterrupted());
					}
				}, "template-test-caller");
				caller.start();
				await().until(() -> caller.getState() == Thread.State.TIMED_WAITING);
				caller.interrupt();
				caller.join(Duration.ofMinutes(1).toMillis());
				assertThat(thrown.get()).isInstanceOf(EtcdInterruptedException.class)
					.isInstanceOf(DataAccessException.class)
					.hasMessageContaining("Interrupted while waiting for etcd");
				assertThat(stillInterrupted).as("the interrupt flag is kept").isTrue();
			}
			finally {
				frozen.member(0).resume();
			}
			EtcdTemplate patientTemplate = new EtcdTemplate(patient,
					new DefaultEtcdValueConverter(new DefaultFormattingConversionService()));
			patientTemplate.setTimeout(Duration.ofMinutes(1));
			assertThat(patientTemplate.get("k")).hasValue("v");
		}
	}

	@Test
	void aTimeoutMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> template.setTimeout(Duration.ZERO))
			.withMessageContaining("must be positive");
	}

}
