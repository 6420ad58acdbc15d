package dev.etcdspring.coordination;

import java.util.Optional;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.kv.Compare;
import dev.etcdspring.client.kv.DeleteOp;
import dev.etcdspring.client.kv.DeleteResult;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.client.kv.GetResult;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.client.kv.TxnResult;
import dev.etcdspring.core.EtcdTemplate;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.metadata.ConcurrentMetadataStore;
import org.springframework.util.Assert;

/**
 * Spring Integration's {@link ConcurrentMetadataStore} in etcd: each entry is a key under
 * a prefix ({@link #DEFAULT_PREFIX} unless given, relative to the client's namespace),
 * its value the entry's text as UTF-8. {@link #putIfAbsent(String, String)},
 * {@link #replace(String, String, String)} and {@link #remove(String)} are single etcd
 * transactions, so they are atomic across every process that shares the store: an
 * idempotent receiver or a file poller's filter can run on several instances.
 *
 * <p>
 * Every call goes through an {@link EtcdTemplate}: it blocks within the template's
 * timeout and throws Spring's {@link org.springframework.dao.DataAccessException}s.
 * Thread-safe.
 */
public class EtcdMetadataStore implements ConcurrentMetadataStore {

	/** The default key prefix of the entries. */
	public static final String DEFAULT_PREFIX = "metadata/";

	private final EtcdTemplate template;

	private final String prefix;

	/**
	 * A store whose entries live under {@link #DEFAULT_PREFIX}.
	 * @param template the template to call etcd with
	 */
	public EtcdMetadataStore(EtcdTemplate template) {
		this(template, DEFAULT_PREFIX);
	}

	/**
	 * A store whose entries live under a prefix.
	 * @param template the template to call etcd with
	 * @param prefix the key prefix, such as {@code metadata/}; empty for none
	 */
	public EtcdMetadataStore(EtcdTemplate template, String prefix) {
		Assert.notNull(template, "The EtcdTemplate must not be null");
		Assert.notNull(prefix, "The metadata prefix must not be null: use \"\" for none");
		this.template = template;
		this.prefix = prefix;
	}

	/**
	 * The key prefix of the entries.
	 * @return the prefix
	 */
	public String getPrefix() {
		return this.prefix;
	}

	@Override
	public void put(String key, String value) {
		Assert.notNull(value, "A metadata value must not be null: remove the entry instead");
		ByteSequence etcdKey = key(key);
		this.template.txn((txn) -> txn.then(PutOp.of(etcdKey, ByteSequence.from(value))));
	}

	@Override
	public @Nullable String get(String key) {
		key(key);
		return value(this.template.getEntry(this.prefix + key));
	}

	@Override
	public @Nullable String remove(String key) {
		ByteSequence etcdKey = key(key);
		TxnResult result = this.template.txn((txn) -> txn.then(DeleteOp.key(etcdKey).withPrevKv()));
		return value(result.result(0, DeleteResult.class).prevKvs().stream().findFirst());
	}

	/**
	 * Stores the value unless the key has one, in one transaction.
	 * @param key the key
	 * @param value the value
	 * @return the value already stored, or {@code null} when this one was stored
	 */
	@Override
	public @Nullable String putIfAbsent(String key, String value) {
		Assert.notNull(value, "A metadata value must not be null");
		ByteSequence etcdKey = key(key);
		TxnResult result = this.template.txn((txn) -> txn.when(Compare.createRevision(etcdKey).equal(0))
			.then(PutOp.of(etcdKey, ByteSequence.from(value)))
			.otherwise(GetOp.key(etcdKey)));
		return result.succeeded() ? null : value(result.result(0, GetResult.class).first());
	}

	/**
	 * Replaces the value if the stored one equals {@code oldValue}, in one transaction.
	 * @param key the key
	 * @param oldValue the value expected
	 * @param newValue the value to store
	 * @return whether it was replaced; {@code false} also when the key has no value
	 */
	@Override
	public boolean replace(String key, String oldValue, String newValue) {
		Assert.notNull(oldValue, "The expected metadata value must not be null: use putIfAbsent for a new entry");
		Assert.notNull(newValue, "A metadata value must not be null: remove the entry instead");
		ByteSequence etcdKey = key(key);
		return this.template
			.txn((txn) -> txn.when(Compare.value(etcdKey).equal(oldValue))
				.then(PutOp.of(etcdKey, ByteSequence.from(newValue))))
			.succeeded();
	}

	private ByteSequence key(String key) {
		if (key == null || key.isEmpty()) {
			throw new IllegalArgumentException("A metadata key must be a non-empty String");
		}
		return ByteSequence.from(this.prefix + key);
	}

	private static @Nullable String value(Optional<KeyValue> entry) {
		return entry.map(KeyValue::valueAsString).orElse(null);
	}

	@Override
	public String toString() {
		return "EtcdMetadataStore[prefix '" + this.prefix + "']";
	}

}
