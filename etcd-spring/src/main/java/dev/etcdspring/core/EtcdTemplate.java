package dev.etcdspring.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.kv.Compare;
import dev.etcdspring.client.kv.DeleteOp;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.client.kv.Txn;
import dev.etcdspring.client.kv.TxnCommit;
import dev.etcdspring.client.kv.TxnResult;
import dev.etcdspring.core.convert.EtcdValueConverter;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.support.PersistenceExceptionTranslator;

/**
 * The synchronous, String-friendly etcd API for application code: reads, writes with or without a
 * TTL, put-if-absent, compare-and-set, deletes by key or prefix, transactions, and
 * {@link #execute(EtcdCallback)} to reach the client itself.
 *
 * <p>Values are converted by an {@link EtcdValueConverter}: strings as UTF-8, simple values as text,
 * other objects as JSON when Jackson is present. Keys are relative to the client's namespace, if
 * it has one. Every call blocks until etcd answers or the client's request timeout passes. Etcd
 * errors are translated into Spring's {@link DataAccessException} family (see
 * {@link EtcdExceptionTranslator}), the original exception kept as the cause.
 *
 * <p>Thread-safe; meant to be shared. It costs nothing beyond the client it wraps.
 */
public class EtcdTemplate {

	private final EtcdClient client;

	private final EtcdValueConverter converter;

	private final PersistenceExceptionTranslator translator;

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
		this.translator = translator;
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
		return await(this.client.kv().get(key)).first();
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
		Map<String, T> values = new LinkedHashMap<>();
		for (KeyValue kv : await(this.client.kv().get(GetOp.prefix(prefix))).kvs()) {
			values.put(kv.keyAsString(), this.converter.read(kv.value(), type));
		}
		return values;
	}

	// ---------------------------------------------------------------- writes

	/**
	 * Stores a value.
	 * @param key the key
	 * @param value the value
	 * @return the revision of the write
	 */
	public long put(String key, Object value) {
		return await(this.client.kv().put(PutOp.of(ByteSequence.from(key), this.converter.write(value)))).header()
			.revision();
	}

	/**
	 * Stores a value that etcd deletes after a time to live (a lease is granted and attached).
	 * @param key the key
	 * @param value the value
	 * @param ttl the time to live, rounded up to whole seconds
	 * @return the revision of the write
	 */
	public long put(String key, Object value, Duration ttl) {
		return await(this.client.kv().put(PutOp.of(ByteSequence.from(key), this.converter.write(value)), ttl))
			.header()
			.revision();
	}

	/**
	 * Stores a value if the key does not exist.
	 * @param key the key
	 * @param value the value
	 * @return whether the value was stored
	 */
	public boolean putIfAbsent(String key, Object value) {
		return await(absent(key, PutOp.of(ByteSequence.from(key), this.converter.write(value)))).succeeded();
	}

	/**
	 * Stores a value with a time to live if the key does not exist.
	 * @param key the key
	 * @param value the value
	 * @param ttl the time to live, rounded up to whole seconds
	 * @return whether the value was stored
	 */
	public boolean putIfAbsent(String key, Object value, Duration ttl) {
		ByteSequence bytes = this.converter.write(value);
		long lease = await(this.client.lease().grant(ttl)).id();
		boolean stored = await(absent(key, PutOp.of(ByteSequence.from(key), bytes).withLease(lease))).succeeded();
		if (!stored) {
			// the key existed: the lease is not needed
			await(this.client.lease().revoke(lease));
		}
		return stored;
	}

	private CompletableFuture<TxnResult> absent(String key, PutOp put) {
		return this.client.kv().txn().when(Compare.createRevision(key).equal(0)).then(put).commit();
	}

	/**
	 * Stores a new value if the stored one equals the expected one (both converted the same way).
	 * @param key the key
	 * @param expected the value expected to be stored
	 * @param newValue the value to store
	 * @return whether the value was replaced
	 */
	public boolean compareAndSet(String key, Object expected, Object newValue) {
		return await(this.client.kv()
			.txn()
			.when(Compare.value(key).equal(this.converter.write(expected)))
			.then(PutOp.of(ByteSequence.from(key), this.converter.write(newValue)))
			.commit()).succeeded();
	}

	/**
	 * Stores a new value if nobody changed the key since it was read (optimistic locking with the
	 * key's mod revision, from {@link #getEntry(String)}).
	 * @param key the key
	 * @param value the value to store
	 * @param expectedModRevision the mod revision the key had when it was read
	 * @return the revision of the write
	 * @throws OptimisticLockingFailureException when the key was changed or deleted meanwhile
	 */
	public long replace(String key, Object value, long expectedModRevision) {
		TxnResult result = await(this.client.kv()
			.txn()
			.when(Compare.modRevision(key).equal(expectedModRevision))
			.then(PutOp.of(ByteSequence.from(key), this.converter.write(value)))
			.commit());
		if (!result.succeeded()) {
			throw new OptimisticLockingFailureException("The etcd key '" + key + "' changed after revision "
					+ expectedModRevision + ": read it again and retry");
		}
		return result.header().revision();
	}

	/**
	 * Deletes a key.
	 * @param key the key
	 * @return whether it existed
	 */
	public boolean delete(String key) {
		return await(this.client.kv().delete(key)).deleted() > 0;
	}

	/**
	 * Deletes every key with the prefix.
	 * @param prefix the prefix
	 * @return how many keys were deleted
	 */
	public long deletePrefix(String prefix) {
		return await(this.client.kv().delete(DeleteOp.prefix(prefix))).deleted();
	}

	/**
	 * Runs a transaction built in stages:
	 * <pre>{@code
	 * template.txn((txn) -> txn.when(Compare.version("lock").equal(0)).then(PutOp.of("lock", "me")));
	 * }</pre>
	 * @param spec builds the transaction from its first stage
	 * @return whether its conditions held, and the results of the branch that ran
	 */
	public TxnResult txn(Function<Txn, TxnCommit> spec) {
		return await(spec.apply(this.client.kv().txn()).commit());
	}

	// ---------------------------------------------------------------- escape hatch

	/**
	 * Does work with the client itself, with exceptions translated.
	 * @param <T> the result type
	 * @param action the work
	 * @return its result
	 */
	public <T> T execute(EtcdCallback<T> action) {
		try {
			return action.doWithClient(this.client);
		}
		catch (CompletionException ex) {
			throw translate(ex);
		}
		catch (RuntimeException ex) {
			DataAccessException translated = this.translator.translateExceptionIfPossible(ex);
			throw (translated != null) ? translated : ex;
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

	private <T> T await(CompletableFuture<T> future) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			throw translate(ex);
		}
	}

	private RuntimeException translate(CompletionException ex) {
		Throwable cause = ex.getCause();
		if (cause instanceof RuntimeException runtime) {
			DataAccessException translated = this.translator.translateExceptionIfPossible(runtime);
			return (translated != null) ? translated : runtime;
		}
		return ex;
	}

	@Override
	public String toString() {
		return "EtcdTemplate[" + this.client + "]";
	}

}
