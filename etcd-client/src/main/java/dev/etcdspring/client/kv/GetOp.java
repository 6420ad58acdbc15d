package dev.etcdspring.client.kv;

import java.util.Objects;
import java.util.function.Consumer;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.KeyRange;
import org.jspecify.annotations.Nullable;

/**
 * A read of one key or a range of keys. Build one with a factory and refine it with the
 * {@code with…} methods, each of which returns a new value:
 *
 * <pre>{@code
 * GetOp.prefix("config/").withLimit(100).withSort(SortTarget.MOD_REVISION, SortOrder.DESCEND)
 * }</pre>
 *
 * Immutable and thread-safe. Built only through its factories and withers, so that
 * options can be added without breaking callers.
 */
public final class GetOp implements Op {

	private final KeyRange range;

	private final long revision;

	private final long limit;

	private final SortTarget sortTarget;

	private final SortOrder sortOrder;

	private final boolean serializable;

	private final boolean keysOnly;

	private final boolean countOnly;

	private final long minModRevision;

	private final long maxModRevision;

	private final long minCreateRevision;

	private final long maxCreateRevision;

	private GetOp(Fields fields) {
		this.range = fields.range;
		this.revision = fields.revision;
		this.limit = fields.limit;
		this.sortTarget = fields.sortTarget;
		this.sortOrder = fields.sortOrder;
		this.serializable = fields.serializable;
		this.keysOnly = fields.keysOnly;
		this.countOnly = fields.countOnly;
		this.minModRevision = fields.minModRevision;
		this.maxModRevision = fields.maxModRevision;
		this.minCreateRevision = fields.minCreateRevision;
		this.maxCreateRevision = fields.maxCreateRevision;
		requireNotNegative("revision", this.revision);
		requireNotNegative("limit", this.limit);
		requireNotNegative("minModRevision", this.minModRevision);
		requireNotNegative("maxModRevision", this.maxModRevision);
		requireNotNegative("minCreateRevision", this.minCreateRevision);
		requireNotNegative("maxCreateRevision", this.maxCreateRevision);
	}

	/** The options being changed by a wither. */
	private static final class Fields {

		final KeyRange range;

		long revision;

		long limit;

		SortTarget sortTarget = SortTarget.KEY;

		SortOrder sortOrder = SortOrder.NONE;

		boolean serializable;

		boolean keysOnly;

		boolean countOnly;

		long minModRevision;

		long maxModRevision;

		long minCreateRevision;

		long maxCreateRevision;

		Fields(KeyRange range) {
			this.range = range;
		}

		Fields(GetOp from) {
			this.range = from.range;
			this.revision = from.revision;
			this.limit = from.limit;
			this.sortTarget = from.sortTarget;
			this.sortOrder = from.sortOrder;
			this.serializable = from.serializable;
			this.keysOnly = from.keysOnly;
			this.countOnly = from.countOnly;
			this.minModRevision = from.minModRevision;
			this.maxModRevision = from.maxModRevision;
			this.minCreateRevision = from.minCreateRevision;
			this.maxCreateRevision = from.maxCreateRevision;
		}

	}

	private GetOp with(Consumer<Fields> change) {
		Fields fields = new Fields(this);
		change.accept(fields);
		return new GetOp(fields);
	}

	static void requireNotNegative(String name, long value) {
		if (value < 0) {
			throw new IllegalArgumentException(name + " must not be negative, was " + value);
		}
	}

	/**
	 * A read of the given keys with default options (newest revision, linearizable, no
	 * limit).
	 * @param range the keys
	 * @return the operation
	 */
	public static GetOp of(KeyRange range) {
		return new GetOp(new Fields(Objects.requireNonNull(range, "range")));
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
		return with((f) -> f.revision = revision);
	}

	/**
	 * This read returning at most {@code limit} keys ({@link GetResult#more()} tells
	 * whether there were more).
	 * @param limit the limit; 0 for none
	 * @return a new operation
	 */
	public GetOp withLimit(long limit) {
		return with((f) -> f.limit = limit);
	}

	/**
	 * This read sorted.
	 * @param target the field to sort by
	 * @param order the direction
	 * @return a new operation
	 */
	public GetOp withSort(SortTarget target, SortOrder order) {
		return with((f) -> {
			f.sortTarget = Objects.requireNonNull(target, "target");
			f.sortOrder = Objects.requireNonNull(order, "order");
		});
	}

	/**
	 * This read served by the member from its local state, without a quorum round:
	 * faster, and may return stale data.
	 * @return a new operation
	 */
	public GetOp withSerializable() {
		return with((f) -> f.serializable = true);
	}

	/**
	 * This read returning keys without values.
	 * @return a new operation
	 */
	public GetOp withKeysOnly() {
		return with((f) -> f.keysOnly = true);
	}

	/**
	 * This read returning only the number of keys ({@link GetResult#count()}).
	 * @return a new operation
	 */
	public GetOp withCountOnly() {
		return with((f) -> f.countOnly = true);
	}

	/**
	 * This read keeping only keys whose last modification lies in {@code [min, max]}.
	 * @param min lowest mod revision; 0 for no bound
	 * @param max highest mod revision; 0 for no bound
	 * @return a new operation
	 */
	public GetOp withModRevisionBetween(long min, long max) {
		return with((f) -> {
			f.minModRevision = min;
			f.maxModRevision = max;
		});
	}

	/**
	 * This read keeping only keys created in {@code [min, max]}.
	 * @param min lowest create revision; 0 for no bound
	 * @param max highest create revision; 0 for no bound
	 * @return a new operation
	 */
	public GetOp withCreateRevisionBetween(long min, long max) {
		return with((f) -> {
			f.minCreateRevision = min;
			f.maxCreateRevision = max;
		});
	}

	/**
	 * The keys to read.
	 * @return the range
	 */
	public KeyRange range() {
		return this.range;
	}

	/**
	 * The revision read, 0 for the newest.
	 * @return the revision
	 */
	public long revision() {
		return this.revision;
	}

	/**
	 * At most this many keys, 0 for no limit.
	 * @return the limit
	 */
	public long limit() {
		return this.limit;
	}

	/**
	 * The field to sort by.
	 * @return the sortTarget
	 */
	public SortTarget sortTarget() {
		return this.sortTarget;
	}

	/**
	 * The sort direction.
	 * @return the sortOrder
	 */
	public SortOrder sortOrder() {
		return this.sortOrder;
	}

	/**
	 * Whether the member answers from its local state without a quorum round (faster,
	 * possibly stale).
	 * @return the serializable
	 */
	public boolean serializable() {
		return this.serializable;
	}

	/**
	 * Whether values are left out.
	 * @return the keysOnly
	 */
	public boolean keysOnly() {
		return this.keysOnly;
	}

	/**
	 * Whether only the count is returned.
	 * @return the countOnly
	 */
	public boolean countOnly() {
		return this.countOnly;
	}

	/**
	 * The lowest mod revision kept, 0 for no bound.
	 * @return the minModRevision
	 */
	public long minModRevision() {
		return this.minModRevision;
	}

	/**
	 * The highest mod revision kept, 0 for no bound.
	 * @return the maxModRevision
	 */
	public long maxModRevision() {
		return this.maxModRevision;
	}

	/**
	 * The lowest create revision kept, 0 for no bound.
	 * @return the minCreateRevision
	 */
	public long minCreateRevision() {
		return this.minCreateRevision;
	}

	/**
	 * The highest create revision kept, 0 for no bound.
	 * @return the maxCreateRevision
	 */
	public long maxCreateRevision() {
		return this.maxCreateRevision;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof GetOp that)) {
			return false;
		}
		return this.range.equals(that.range) && this.revision == that.revision && this.limit == that.limit
				&& this.sortTarget == that.sortTarget && this.sortOrder == that.sortOrder
				&& this.serializable == that.serializable && this.keysOnly == that.keysOnly
				&& this.countOnly == that.countOnly && this.minModRevision == that.minModRevision
				&& this.maxModRevision == that.maxModRevision && this.minCreateRevision == that.minCreateRevision
				&& this.maxCreateRevision == that.maxCreateRevision;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.range, this.revision, this.limit, this.sortTarget, this.sortOrder, this.serializable,
				this.keysOnly, this.countOnly, this.minModRevision, this.maxModRevision, this.minCreateRevision,
				this.maxCreateRevision);
	}

	@Override
	public String toString() {
		return "GetOp[range=" + this.range + ", revision=" + this.revision + ", limit=" + this.limit + ", sort="
				+ this.sortTarget + " " + this.sortOrder + ", serializable=" + this.serializable + ", keysOnly="
				+ this.keysOnly + ", countOnly=" + this.countOnly + ", modRevision=[" + this.minModRevision + ", "
				+ this.maxModRevision + "], createRevision=[" + this.minCreateRevision + ", " + this.maxCreateRevision
				+ "]]";
	}

}
