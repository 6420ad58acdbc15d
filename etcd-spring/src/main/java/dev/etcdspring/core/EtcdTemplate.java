package dev.etcdspring.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientBuilder;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.kv.Compare;
import dev.etcdspring.client.kv.DeleteOp;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.client.kv.Txn;
import dev.etcdspring.client.kv.TxnCommit;
import dev.etcdspring.client.kv.TxnResult;
import dev.etcdspring.core.convert.EtcdValueConverter;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.support.PersistenceExceptionTranslator;

/**
 * The synchronous, String-friendly etcd API for application code: reads, writes with or
 * without a TTL, put-if-absent, compare-and-set, deletes by key or prefix, transactions,
 * and {@link #execute(EtcdCallback)} to reach the client itself.
 *
 * <p>
 * Values are converted by an {@link EtcdValueConverter}: strings as UTF-8, simple values
 * as text, other objects as JSON when Jackson is present. Keys are relative to the
 * client's namespace, if it has one. Etcd errors are translated into Spring's
 * {@link DataAccessException} family (see {@link EtcdExceptionTranslator}), the original
 * exception kept as the cause.
 *
 * <p>
 * Every method blocks until etcd answers, within one {@linkplain #setTimeout(Duration)
 * timeout} for the method as a whole: a put with a TTL (a lease grant, then the put) or a
 * put-if-absent with a TTL (grant, transaction, and the revocation of an unused lease)
 * shares it across its calls, and each call also keeps the client's own request timeout.
 * When the timeout passes the call in flight is cancelled and a
 * {@link org.springframework.dao.QueryTimeoutException} is thrown. A caller that is
 * interrupted gets an {@link EtcdInterruptedException}, with the call in flight cancelled
 * and the thread's interrupt flag set again. After a timeout or an interrupt a write may
 * or may not have been applied.
 *
 * <p>
 * Thread-safe; meant to be shared. It costs nothing beyond the client it wraps.
 */
public class EtcdTemplate {

	/** The name of the observation of each method. */
	public static final String OBSERVATION_NAME = "etcd.template";

	/** The low-cardinality key naming the method's operation. */
	public static final String OPERATION_KEY = "etcd.operation";

	private final EtcdClient client;

	private final EtcdValueConverter converter;

	private final TemplateCalls calls;

	private volatile Duration timeout = EtcdClientBuilder.DEFAULT_REQUEST_TIMEOUT;

	private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	/**
	 * A template over a client, converting values with the given converter.
	 * @param client the client
	 * @param converter the value converter
	 */
	public EtcdTemplate(EtcdClient client, EtcdValueConverter converter) {
		this(client, converter, new EtcdExceptionTranslator());
	}

	/**
	 * A template over a client, with a converter and an exception translator of its own.
	 * @param client the client
	 * @param converter the value converter
	 * @param translator the exception translator
	 */
	public EtcdTemplate(EtcdClient client, EtcdValueConverter converter, PersistenceExceptionTranslator translator) {
		this.client = client;
		this.converter = converter;
		this.calls = new TemplateCalls(translator);
	}

	/**
	 * Sets how long each method may take in all, across every call it makes to etcd; by
	 * default the client's default request timeout
	 * ({@link EtcdClientBuilder#DEFAULT_REQUEST_TIMEOUT}). Set it to the client's request
	 * timeout when that is changed (Spring Boot's auto-configuration does).
	 * @param timeout the timeout, positive
	 * @throws IllegalArgumentException when the timeout is zero or negative
	 */
	public void setTimeout(Duration timeout) {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("The EtcdTemplate timeout must be positive, was " + timeout);
		}
		this.timeout = timeout;
	}

	/**
	 * How long each method may take in all.
	 * @return the timeout
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

	// ---------------------------------------------------------------- reads

	/**
	 * The value of a key as text.
	 * @param key the key
	 * @return the value, or empty when the key does not exist
	 */
	public Optional<String> get(String key) {
		return get(key, String.class);
	}

	/**
	 * The value of a key, converted.
	 * @param <T> the type
	 * @param key the key
	 * @param type the type to read
	 * @return the value, or empty when the key does not exist
	 */
	public <T> Optional<T> get(String key, Class<T> type) {
		return getEntry(key).map((kv) -> this.converter.read(kv.value(), type));
	}

	/**
	 * A key with its revisions and lease, for instance to {@link #replace} it later.
	 * @param key the key
	 * @return the key, or empty when it does not exist
	 */
	public Optional<KeyValue> getEntry(String key) {
		return observe("get", () -> call(() -> this.client.kv().get(key)).first());
	}

	/**
	 * Every key with the prefix and its value as text, in key order.
	 * @param prefix the prefix
	 * @return the keys and values
	 */
	public Map<String, String> getPrefix(String prefix) {
		return getPrefix(prefix, String.class);
	}

	/**
	 * Every key with the prefix and its value converted, in key order.
	 * @param <T> the type
	 * @param prefix the prefix
	 * @param type the type to read
	 * @return the keys and values
	 */
	public <T> Map<String, T> getPrefix(String prefix, Class<T> type) {
		return observe("get-prefix", () -> {
			Map<String, T> values = new LinkedHashMap<>();
			for (KeyValue kv : call(() -> this.client.kv().get(GetOp.prefix(prefix))).kvs()) {
				values.put(kv.keyAsString(), this.converter.read(kv.value(), type));
			}
			return values;
		});
	}

	// ---------------------------------------------------------------- writes

	/**
	 * Stores a value.
	 * @param key the key
	 * @param value the value
	 * @return the revision of the write
	 */
	public long put(String key, Object value) {
		PutOp put = PutOp.of(ByteSequence.from(key), this.converter.write(value));
		return observe("put", () -> call(() -> this.client.kv().put(put)).header().revision());
	}

	/**
	 * Stores a value that etcd deletes after a time to live: a lease is granted, then the
	 * value put with it, within one timeout. If the put fails, the lease is revoked.
	 * @param key the key
	 * @param value the value
	 * @param ttl the time to live, rounded up to whole seconds
	 * @return the revision of the write
	 */
	public long put(String key, Object value, Duration ttl) {
		ByteSequence bytes = this.converter.write(value);
		return observe("put-with-ttl", () -> {
			Deadline deadline = Deadline.in(this.timeout);
			long lease = step(deadline, () -> this.client.lease().grant(ttl)).id();
			try {
				return step(deadline,
						() -> this.client.kv().put(PutOp.of(ByteSequence.from(key), bytes).withLease(lease)))
					.header()
					.revision();
			}
			catch (RuntimeException ex) {
				// not waited for: the caller has its answer; the lease would expire after
				// its TTL anyway
				this.client.lease().revoke(lease).exceptionally((error) -> null);
				throw ex;
			}
		});
	}

	/**
	 * Stores a value if the key does not exist.
	 * @param key the key
	 * @param value the value
	 * @return whether the value was stored
	 */
	public boolean putIfAbsent(String key, Object value) {
		PutOp put = PutOp.of(ByteSequence.from(key), this.converter.write(value));
		return observe("put-if-absent", () -> call(() -> absent(key, put)).succeeded());
	}

	/**
	 * Stores a value with a time to live if the key does not exist (a lease grant, a
	 * transaction and, when the key existed, the revocation of the unused lease, within
	 * one timeout).
	 * @param key the key
	 * @param value the value
	 * @param ttl the time to live, rounded up to whole seconds
	 * @return whether the value was stored
	 */
	public boolean putIfAbsent(String key, Object value, Duration ttl) {
		ByteSequence bytes = this.converter.write(value);
		return observe("put-if-absent-with-ttl", () -> {
			Deadline deadline = Deadline.in(this.timeout);
			long lease = step(deadline, () -> this.client.lease().grant(ttl)).id();
			boolean stored;
			try {
				stored = step(deadline, () -> absent(key, PutOp.of(ByteSequence.from(key), bytes).withLease(lease)))
					.succeeded();
			}
			catch (RuntimeException ex) {
				this.client.lease().revoke(lease).exceptionally((error) -> null);
				throw ex;
			}
			if (!stored) {
				revokeUnused(deadline, lease);
			}
			return stored;
		});
	}

	/**
	 * The key existed: the lease is not needed. Its failure does not change the answer.
	 */
	private void revokeUnused(Deadline deadline, long lease) {
		try {
			deadline.await(() -> this.client.lease().revoke(lease));
		}
		catch (RuntimeException ex) {
			// the lease expires after its TTL; an interrupt stays visible through the
			// thread's flag
		}
	}

	private CompletableFuture<TxnResult> absent(String key, PutOp put) {
		return this.client.kv().txn().when(Compare.createRevision(key).equal(0)).then(put).commit();
	}

	/**
	 * Stores a new value if the stored one equals the expected one (both converted the
	 * same way).
	 * @param key the key
	 * @param expected the value expected to be stored
	 * @param newValue the value to store
	 * @return whether the value was replaced
	 */
	public boolean compareAndSet(String key, Object expected, Object newValue) {
		ByteSequence expectedBytes = this.converter.write(expected);
		PutOp put = PutOp.of(ByteSequence.from(key), this.converter.write(newValue));
		return observe("compare-and-set",
				() -> call(
						() -> this.client.kv().txn().when(Compare.value(key).equal(expectedBytes)).then(put).commit())
					.succeeded());
	}

	/**
	 * Stores a new value if nobody changed the key since it was read (optimistic locking
	 * with the key's mod revision, from {@link #getEntry(String)}).
	 * @param key the key
	 * @param value the value to store
	 * @param expectedModRevision the mod revision the key had when it was read
	 * @return the revision of the write
	 * @throws OptimisticLockingFailureException when the key was changed or deleted
	 * meanwhile
	 */
	public long replace(String key, Object value, long expectedModRevision) {
		PutOp put = PutOp.of(ByteSequence.from(key), this.converter.write(value));
		return observe("replace", () -> {
			TxnResult result = call(() -> this.client.kv()
				.txn()
				.when(Compare.modRevision(key).equal(expectedModRevision))
				.then(put)
				.commit());
			if (!result.succeeded()) {
				throw new OptimisticLockingFailureException("The etcd key '" + key + "' changed after revision "
						+ expectedModRevision + ": read it again and retry");
			}
			return result.header().revision();
		});
	}

	/**
	 * Deletes a key.
	 * @param key the key
	 * @return whether it existed
	 */
	public boolean delete(String key) {
		return observe("delete", () -> call(() -> this.client.kv().delete(key)).deleted() > 0);
	}

	/**
	 * Deletes every key with the prefix.
	 * @param prefix the prefix
	 * @return how many keys were deleted
	 */
	public long deletePrefix(String prefix) {
		return observe("delete-prefix", () -> call(() -> this.client.kv().delete(DeleteOp.prefix(prefix))).deleted());
	}

	/**
	 * Runs a transaction built in stages. <pre>{@code
	 * template.txn((txn) -> txn.when(Compare.version("lock").equal(0)).then(PutOp.of("lock", "me")));
	 * }</pre>
	 * @param spec builds the transaction from its first stage
	 * @return whether its conditions held, and the results of the branch that ran
	 */
	public TxnResult txn(Function<Txn, TxnCommit> spec) {
		TxnCommit commit = spec.apply(this.client.kv().txn());
		return observe("txn", () -> call(commit::commit));
	}

	// ---------------------------------------------------------------- escape hatch

	/**
	 * Does work with the client itself, with exceptions translated. The work runs on the
	 * calling thread and waits for what it chooses; the template's timeout does not apply
	 * to it.
	 * @param <T> the result type
	 * @param action the work
	 * @return its result
	 */
	public <T> T execute(EtcdCallback<T> action) {
		try {
			return action.doWithClient(this.client);
		}
		catch (RuntimeException ex) {
			throw this.calls.translate(ex);
		}
	}

	/**
	 * The client this template uses.
	 * @return the client
	 */
	public EtcdClient getClient() {
		return this.client;
	}

	/**
	 * The converter this template uses.
	 * @return the converter
	 */
	public EtcdValueConverter getConverter() {
		return this.converter;
	}

	/**
	 * Where each method's work is observed (a timer and a span with Spring Boot's
	 * handlers): {@value #OBSERVATION_NAME}, with the low-cardinality
	 * {@code etcd.operation} ({@code get}, {@code put}, {@code put-with-ttl},
	 * {@code txn}, …) and the exception of a failed one; never the key. Nowhere by
	 * default ({@link ObservationRegistry#NOOP}).
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
	}

	private <T> T observe(String operation, Supplier<T> work) {
		return TemplateCalls.observe(this.observationRegistry, operation, work);
	}

	/** One call with a deadline of its own. */
	private <T> T call(Supplier<CompletableFuture<T>> call) {
		return step(Deadline.in(this.timeout), call);
	}

	/** One of the calls of a method, within the method's deadline. */
	private <T> T step(Deadline deadline, Supplier<CompletableFuture<T>> call) {
		return this.calls.await(deadline, call);
	}

	@Override
	public String toString() {
		return "EtcdTemplate[" + this.client + "]";
	}

}
