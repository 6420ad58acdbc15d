package dev.etcdspring.client.auth;

import java.util.Objects;

import dev.etcdspring.client.KeyRange;

/**
 * A role's permission on a key or a range of keys.
 *
 * @param type read, write, or both
 * @param range the keys (relative to the client's namespace)
 */
public record Permission(Type type, KeyRange range) {

	/** What a permission allows. */
	public enum Type {

		/** Reads and watches. */
		READ,

		/** Puts, deletes and transactions' writes. */
		WRITE,

		/** Both. */
		READWRITE

	}

	/**
	 * Checks the arguments.
	 * @param type read, write, or both
	 * @param range the keys
	 */
	public Permission {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(range, "range");
	}

}
