package dev.etcdspring.client.watch;

import java.util.Objects;
import java.util.Optional;

import dev.etcdspring.client.KeyValue;

/**
 * One change of one key.
 *
 * @param type a put or a delete
 * @param kv after a put, the key's new state; after a delete, the key with the delete's
 * revision as its mod revision and an empty value
 * @param prevKv the key's state before the change, when the watch asked for it and the
 * history still had it, else empty
 */
public record WatchEvent(Type type, KeyValue kv, Optional<KeyValue> prevKv) {

	/** What happened to the key. */
	public enum Type {

		/** The key was created or modified. */
		PUT,

		/** The key was deleted (or its lease ended). */
		DELETE

	}

	/**
	 * Checks the arguments.
	 * @param type a put or a delete
	 * @param kv the key's new state
	 * @param prevKv the previous state, or empty
	 */
	public WatchEvent {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(kv, "kv");
		Objects.requireNonNull(prevKv, "prevKv");
	}

	/**
	 * The revision of the change.
	 * @return the key's mod revision
	 */
	public long revision() {
		return this.kv.modRevision();
	}

}
