package dev.etcdspring.client.kv;

import java.util.Objects;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.KeyRange;

/**
 * A read of one key or a range of keys. Build one with a factory and refine it with the
 * {@code with…} methods, each of which returns a new value:
 *
 * <pre>{@code
 * GetOp.prefix("config/").withLimit(100).withSort(SortTarget.MOD_REVISION, SortOrder.DESCEND)
 * }</pre>
 *
 * @param range the keys to read
 * @param revision read the store as of this revision; 0 for the newest
 * @param limit at most this many keys; 0 for no limit
 * @param sortTarget the field to sort by
 * @param sortOrder the sort direction
 * @param serializable whether the member answers from its local state without a quorum round (faster,
 * possibly stale)
 * @param keysOnly whether to leave values out
 * @param countOnly whether to return only the count
 * @param minModRevision keep keys modified at or after this revision; 0 for no bound
 * @param maxModRevision keep keys modified at or before this revision; 0 for no bound
 * @param minCreateRevision keep keys created at or after this revision; 0 for no bound
 * @param maxCreateRevision keep keys created at or before this revision; 0 for no bound
 */
public record GetOp(KeyRange range, long revision, long limit, SortTarget sortTarget, SortOrder sortOrder,
		boolean serializable, boolean keysOnly, boolean countOnly, long minModRevision, long maxModRevision,
		long minCreateRevision, long maxCreateRevision) implements Op {

	/**
	 * Checks the arguments.
	 * @param range the keys to read
	 * @param revision read the store as of this revision; 0 for the newest
	 * @param limit at most this many keys; 0 for no limit
	 * @param sortTarget the field to sort by
	 * @param sortOrder the sort direction
	 * @param serializable whether to read member-local state
	 * @param keysOnly whether to leave values out
	 * @param countOnly whether to return only the count
	 * @param minModRevision lower bound of the mod revision; 0 for none
	 * @param maxModRevision upper bound of the mod revision; 0 for none
	 * @param minCreateRevision lower bound of the create revision; 0 for none
	 * @param maxCreateRevision upper bound of the create revision; 0 for none
	 */
	public GetOp {
		Objects.requireNonNull(range, "range");
		Objects.requireNonNull(sortTarget, "sortTarget");
		Objects.requireNonNull(sortOrder, "sortOrder");
		requireNotNegative("revision", revision);
		requireNotNegative("limit", limit);
		requireNotNegative("minModRevision", minModRevision);
		requireNotNegative("maxModRevision", maxModRevision);
		requireNotNegative("minCreateRevision", minCreateRevision);
		requireNotNegative("maxCreateRevision", maxCreateRevision);
	}

	static void requireNotNegative(String name, long value) {
		if (value < 0) {
			throw new IllegalArgumentException(name + " must not be negative, was " + value);
		}
	}

	/**
	 * A read of the given keys with default options (newest revision, linearizable, no limit).
	 * @param range the keys
	 * @return the operation
	 */
	public static GetOp of(KeyRange range) {
		return new GetOp(range, 0, 0, SortTarget.KEY, SortOrder.NONE, false, false, false, 0, 0, 0, 0);
	}

	/**
	 * A read of one key.
	 * @param key the key
	 * @return the operation
	 */
	public static GetOp key(ByteSequence key) {
		return of(KeyRange.key(key));
	}

	/**
	 * A read of one key.
	 * @param key the key, UTF-8
	 * @return the operation
	 */
	public static GetOp key(String key) {
		return of(KeyRange.key(key));
	}

	/**
	 * A read of every key with the prefix.
	 * @param prefix the prefix
	 * @return the operation
	 */
	public static GetOp prefix(ByteSequence prefix) {
		return of(KeyRange.prefix(prefix));
	}

	/**
	 * A read of every key with the prefix.
	 * @param prefix the prefix, UTF-8
	 * @return the operation
	 */
	public static GetOp prefix(String prefix) {
		return of(KeyRange.prefix(prefix));
	}

	/**
	 * This read at a past revision.
	 * @param revision the revision; 0 for the newest
	 * @return a new operation
	 */
	public GetOp withRevision(long revision) {
		return new GetOp(this.range, revision, this.limit, this.sortTarget, this.sortOrder, this.serializable,
				this.keysOnly, this.countOnly, this.minModRevision, this.maxModRevision, this.minCreateRevision,
				this.maxCreateRevision);
	}

	/**
	 * This read returning at most {@code limit} keys ({@link GetResult#more()} tells whether there
	 * were more).
	 * @param limit the limit; 0 for none
	 * @return a new operation
	 */
	public GetOp withLimit(long limit) {
		return new GetOp(this.range, this.revision, limit, this.sortTarget, this.sortOrder, this.serializable,
				this.keysOnly, this.countOnly, this.minModRevision, this.maxModRevision, this.minCreateRevision,
				this.maxCreateRevision);
	}

	/**
	 * This read sorted.
	 * @param target the field to sort by
	 * @param order the direction
	 * @return a new operation
	 */
	public GetOp withSort(SortTarget target, SortOrder order) {
		return new GetOp(this.range, this.revision, this.limit, target, order, this.serializable, this.keysOnly,
				this.countOnly, this.minModRevision, this.maxModRevision, this.minCreateRevision,
				this.maxCreateRevision);
	}

	/**
	 * This read served by the member from its local state, without a quorum round: faster, and may
	 * return stale data.
	 * @return a new operation
	 */
	public GetOp withSerializable() {
		return new GetOp(this.range, this.revision, this.limit, this.sortTarget, this.sortOrder, true, this.keysOnly,
				this.countOnly, this.minModRevision, this.maxModRevision, this.minCreateRevision,
				this.maxCreateRevision);
	}

	/**
	 * This read returning keys without values.
	 * @return a new operation
	 */
	public GetOp withKeysOnly() {
		return new GetOp(this.range, this.revision, this.limit, this.sortTarget, this.sortOrder, this.serializable,
				true, this.countOnly, this.minModRevision, this.maxModRevision, this.minCreateRevision,
				this.maxCreateRevision);
	}

	/**
	 * This read returning only the number of keys ({@link GetResult#count()}).
	 * @return a new operation
	 */
	public GetOp withCountOnly() {
		return new GetOp(this.range, this.revision, this.limit, this.sortTarget, this.sortOrder, this.serializable,
				this.keysOnly, true, this.minModRevision, this.maxModRevision, this.minCreateRevision,
				this.maxCreateRevision);
	}

	/**
	 * This read keeping only keys whose last modification lies in {@code [min, max]}.
	 * @param min lowest mod revision; 0 for no bound
	 * @param max highest mod revision; 0 for no bound
	 * @return a new operation
	 */
	public GetOp withModRevisionBetween(long min, long max) {
		return new GetOp(this.range, this.revision, this.limit, this.sortTarget, this.sortOrder, this.serializable,
				this.keysOnly, this.countOnly, min, max, this.minCreateRevision, this.maxCreateRevision);
	}

	/**
	 * This read keeping only keys created in {@code [min, max]}.
	 * @param min lowest create revision; 0 for no bound
	 * @param max highest create revision; 0 for no bound
	 * @return a new operation
	 */
	public GetOp withCreateRevisionBetween(long min, long max) {
		return new GetOp(this.range, this.revision, this.limit, this.sortTarget, this.sortOrder, this.serializable,
				this.keysOnly, this.countOnly, this.minModRevision, this.maxModRevision, min, max);
	}

}
