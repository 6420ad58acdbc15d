package dev.etcdspring.client;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Which keys an operation or a watch covers: one key, every key with a prefix, a
 * half-open range, every key from a key on, or all keys. With a namespace set on the
 * client, keys are relative to it and a range never leaves it. Immutable.
 */
public final class KeyRange {

	/** The shape of a range. */
	public enum Kind {

		/** Exactly one key. */
		KEY,

		/** Every key that begins with the given bytes. */
		PREFIX,

		/** Every key in {@code [key, end)}. */
		RANGE,

		/** Every key greater than or equal to the given one. */
		FROM_KEY

	}

	private static final KeyRange ALL = new KeyRange(Kind.PREFIX, ByteSequence.EMPTY, null);

	private final Kind kind;

	private final ByteSequence key;

	private final @Nullable ByteSequence end;

	private KeyRange(Kind kind, ByteSequence key, @Nullable ByteSequence end) {
		this.kind = kind;
		this.key = Objects.requireNonNull(key, "key");
		this.end = end;
	}

	/**
	 * Exactly one key.
	 * @param key the key
	 * @return the range
	 */
	public static KeyRange key(ByteSequence key) {
		return new KeyRange(Kind.KEY, key, null);
	}

	/**
	 * Exactly one key.
	 * @param key the key, UTF-8
	 * @return the range
	 */
	public static KeyRange key(String key) {
		return key(ByteSequence.from(key));
	}

	/**
	 * Every key that begins with the prefix; the empty prefix means all keys.
	 * @param prefix the prefix
	 * @return the range
	 */
	public static KeyRange prefix(ByteSequence prefix) {
		return prefix.isEmpty() ? ALL : new KeyRange(Kind.PREFIX, prefix, null);
	}

	/**
	 * Every key that begins with the prefix; the empty prefix means all keys.
	 * @param prefix the prefix, UTF-8
	 * @return the range
	 */
	public static KeyRange prefix(String prefix) {
		return prefix(ByteSequence.from(prefix));
	}

	/**
	 * Every key in {@code [from, to)}.
	 * @param from the first key, inclusive
	 * @param to the end, exclusive
	 * @return the range
	 */
	public static KeyRange range(ByteSequence from, ByteSequence to) {
		return new KeyRange(Kind.RANGE, from, Objects.requireNonNull(to, "to"));
	}

	/**
	 * Every key in {@code [from, to)}.
	 * @param from the first key, inclusive, UTF-8
	 * @param to the end, exclusive, UTF-8
	 * @return the range
	 */
	public static KeyRange range(String from, String to) {
		return range(ByteSequence.from(from), ByteSequence.from(to));
	}

	/**
	 * Every key greater than or equal to the given one.
	 * @param from the first key
	 * @return the range
	 */
	public static KeyRange fromKey(ByteSequence from) {
		return new KeyRange(Kind.FROM_KEY, from, null);
	}

	/**
	 * Every key greater than or equal to the given one.
	 * @param from the first key, UTF-8
	 * @return the range
	 */
	public static KeyRange fromKey(String from) {
		return fromKey(ByteSequence.from(from));
	}

	/**
	 * All keys (in the client's namespace, when it has one).
	 * @return the range
	 */
	public static KeyRange all() {
		return ALL;
	}

	/**
	 * The shape of this range.
	 * @return the kind
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * The key, the prefix, or the range's first key.
	 * @return the key
	 */
	public ByteSequence key() {
		return this.key;
	}

	/**
	 * The exclusive end of a {@link Kind#RANGE}.
	 * @return the end, or {@code null} for other kinds
	 */
	public @Nullable ByteSequence end() {
		return this.end;
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof KeyRange that && this.kind == that.kind && this.key.equals(that.key)
				&& Objects.equals(this.end, that.end));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.kind, this.key, this.end);
	}

	@Override
	public String toString() {
		return switch (this.kind) {
			case KEY -> "key '" + this.key + "'";
			case PREFIX -> this.key.isEmpty() ? "all keys" : "prefix '" + this.key + "'";
			case RANGE -> "range ['" + this.key + "', '" + this.end + "')";
			case FROM_KEY -> "keys from '" + this.key + "'";
		};
	}

}
