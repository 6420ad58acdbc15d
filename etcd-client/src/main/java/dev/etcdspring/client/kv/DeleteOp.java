package dev.etcdspring.client.kv;

import java.util.Objects;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.KeyRange;

/**
 * A delete of one key or a range of keys.
 *
 * @param range the keys to delete
 * @param prevKv whether to return the deleted keys' last state
 */
public record DeleteOp(KeyRange range, boolean prevKv) implements Op {

	/**
	 * Checks the arguments.
	 * @param range the keys to delete
	 * @param prevKv whether to return the deleted keys
	 */
	public DeleteOp {
		Objects.requireNonNull(range, "range");
	}

	/**
	 * A delete of the given keys.
	 * @param range the keys
	 * @return the operation
	 */
	public static DeleteOp of(KeyRange range) {
		return new DeleteOp(range, false);
	}

	/**
	 * A delete of one key.
	 * @param key the key
	 * @return the operation
	 */
	public static DeleteOp key(ByteSequence key) {
		return of(KeyRange.key(key));
	}

	/**
	 * A delete of one key.
	 * @param key the key, UTF-8
	 * @return the operation
	 */
	public static DeleteOp key(String key) {
		return of(KeyRange.key(key));
	}

	/**
	 * A delete of every key with the prefix.
	 * @param prefix the prefix
	 * @return the operation
	 */
	public static DeleteOp prefix(ByteSequence prefix) {
		return of(KeyRange.prefix(prefix));
	}

	/**
	 * A delete of every key with the prefix.
	 * @param prefix the prefix, UTF-8
	 * @return the operation
	 */
	public static DeleteOp prefix(String prefix) {
		return of(KeyRange.prefix(prefix));
	}

	/**
	 * This delete returning the deleted keys ({@link DeleteResult#prevKvs()}).
	 * @return a new operation
	 */
	public DeleteOp withPrevKv() {
		return new DeleteOp(this.range, true);
	}

}
