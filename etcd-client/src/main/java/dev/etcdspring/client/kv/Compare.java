package dev.etcdspring.client.kv;

import java.util.Objects;

import dev.etcdspring.client.ByteSequence;
import org.jspecify.annotations.Nullable;

/**
 * A condition of a transaction on one key: its value, version, create revision, mod
 * revision or lease, compared with an operand.
 *
 * <pre>{@code
 * Compare.version("config").equal(0)            // the key does not exist
 * Compare.value("owner").equal("node-1")
 * Compare.modRevision("config").less(42)
 * }</pre>
 *
 * A key that does not exist has version, create revision and mod revision 0 and lease 0.
 * Immutable.
 *
 * @param key the key compared
 * @param target the field compared
 * @param operator the comparison
 * @param number the operand for a numeric target
 * @param value the operand for {@link Target#VALUE}, else {@code null}
 */
public record Compare(ByteSequence key, Target target, Operator operator, long number, @Nullable ByteSequence value) {

	/** The field of the key a comparison looks at. */
	public enum Target {

		/**
		 * How often the key was modified since it was created; 0 when it does not exist.
		 */
		VERSION,

		/** The revision that created the key; 0 when it does not exist. */
		CREATE_REVISION,

		/** The revision that last modified the key; 0 when it does not exist. */
		MOD_REVISION,

		/** The value's bytes. */
		VALUE,

		/** The id of the attached lease; 0 for none. */
		LEASE

	}

	/** How the key's field is compared with the operand. */
	public enum Operator {

		/** Field equals operand. */
		EQUAL,

		/** Field differs from operand. */
		NOT_EQUAL,

		/** Field is greater than operand. */
		GREATER,

		/** Field is less than operand. */
		LESS

	}

	/**
	 * Checks the arguments.
	 * @param key the key compared
	 * @param target the field compared
	 * @param operator the comparison
	 * @param number the numeric operand
	 * @param value the value operand, only for {@link Target#VALUE}
	 */
	public Compare {
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(target, "target");
		Objects.requireNonNull(operator, "operator");
		if ((target == Target.VALUE) != (value != null)) {
			throw new IllegalArgumentException("A value operand goes with target VALUE and only with it");
		}
	}

	/**
	 * Compares the key's version.
	 * @param key the key, UTF-8
	 * @return the comparison to complete
	 */
	public static Numeric version(String key) {
		return new Numeric(ByteSequence.from(key), Target.VERSION);
	}

	/**
	 * Compares the key's version.
	 * @param key the key
	 * @return the comparison to complete
	 */
	public static Numeric version(ByteSequence key) {
		return new Numeric(key, Target.VERSION);
	}

	/**
	 * Compares the revision that created the key.
	 * @param key the key, UTF-8
	 * @return the comparison to complete
	 */
	public static Numeric createRevision(String key) {
		return new Numeric(ByteSequence.from(key), Target.CREATE_REVISION);
	}

	/**
	 * Compares the revision that created the key.
	 * @param key the key
	 * @return the comparison to complete
	 */
	public static Numeric createRevision(ByteSequence key) {
		return new Numeric(key, Target.CREATE_REVISION);
	}

	/**
	 * Compares the revision that last modified the key.
	 * @param key the key, UTF-8
	 * @return the comparison to complete
	 */
	public static Numeric modRevision(String key) {
		return new Numeric(ByteSequence.from(key), Target.MOD_REVISION);
	}

	/**
	 * Compares the revision that last modified the key.
	 * @param key the key
	 * @return the comparison to complete
	 */
	public static Numeric modRevision(ByteSequence key) {
		return new Numeric(key, Target.MOD_REVISION);
	}

	/**
	 * Compares the id of the key's lease.
	 * @param key the key, UTF-8
	 * @return the comparison to complete
	 */
	public static Numeric lease(String key) {
		return new Numeric(ByteSequence.from(key), Target.LEASE);
	}

	/**
	 * Compares the id of the key's lease.
	 * @param key the key
	 * @return the comparison to complete
	 */
	public static Numeric lease(ByteSequence key) {
		return new Numeric(key, Target.LEASE);
	}

	/**
	 * Compares the key's value.
	 * @param key the key, UTF-8
	 * @return the comparison to complete
	 */
	public static Value value(String key) {
		return new Value(ByteSequence.from(key));
	}

	/**
	 * Compares the key's value.
	 * @param key the key
	 * @return the comparison to complete
	 */
	public static Value value(ByteSequence key) {
		return new Value(key);
	}

	/**
	 * A comparison of a numeric field, waiting for its operator and operand.
	 */
	public static final class Numeric {

		private final ByteSequence key;

		private final Target target;

		Numeric(ByteSequence key, Target target) {
			this.key = key;
			this.target = target;
		}

		/**
		 * Field equals operand.
		 * @param operand the operand
		 * @return the comparison
		 */
		public Compare equal(long operand) {
			return new Compare(this.key, this.target, Operator.EQUAL, operand, null);
		}

		/**
		 * Field differs from operand.
		 * @param operand the operand
		 * @return the comparison
		 */
		public Compare notEqual(long operand) {
			return new Compare(this.key, this.target, Operator.NOT_EQUAL, operand, null);
		}

		/**
		 * Field is greater than operand.
		 * @param operand the operand
		 * @return the comparison
		 */
		public Compare greater(long operand) {
			return new Compare(this.key, this.target, Operator.GREATER, operand, null);
		}

		/**
		 * Field is less than operand.
		 * @param operand the operand
		 * @return the comparison
		 */
		public Compare less(long operand) {
			return new Compare(this.key, this.target, Operator.LESS, operand, null);
		}

	}

	/**
	 * A comparison of the value, waiting for its operator and operand.
	 */
	public static final class Value {

		private final ByteSequence key;

		Value(ByteSequence key) {
			this.key = key;
		}

		/**
		 * Value equals operand.
		 * @param operand the operand
		 * @return the comparison
		 */
		public Compare equal(ByteSequence operand) {
			return new Compare(this.key, Target.VALUE, Operator.EQUAL, 0, operand);
		}

		/**
		 * Value equals operand.
		 * @param operand the operand, UTF-8
		 * @return the comparison
		 */
		public Compare equal(String operand) {
			return equal(ByteSequence.from(operand));
		}

		/**
		 * Value differs from operand.
		 * @param operand the operand
		 * @return the comparison
		 */
		public Compare notEqual(ByteSequence operand) {
			return new Compare(this.key, Target.VALUE, Operator.NOT_EQUAL, 0, operand);
		}

		/**
		 * Value differs from operand.
		 * @param operand the operand, UTF-8
		 * @return the comparison
		 */
		public Compare notEqual(String operand) {
			return notEqual(ByteSequence.from(operand));
		}

		/**
		 * Value sorts after operand (unsigned bytes).
		 * @param operand the operand, UTF-8
		 * @return the comparison
		 */
		public Compare greater(String operand) {
			return greater(ByteSequence.from(operand));
		}

		/**
		 * Value sorts after operand (unsigned bytes).
		 * @param operand the operand
		 * @return the comparison
		 */
		public Compare greater(ByteSequence operand) {
			return new Compare(this.key, Target.VALUE, Operator.GREATER, 0, operand);
		}

		/**
		 * Value sorts before operand (unsigned bytes).
		 * @param operand the operand, UTF-8
		 * @return the comparison
		 */
		public Compare less(String operand) {
			return less(ByteSequence.from(operand));
		}

		/**
		 * Value sorts before operand (unsigned bytes).
		 * @param operand the operand
		 * @return the comparison
		 */
		public Compare less(ByteSequence operand) {
			return new Compare(this.key, Target.VALUE, Operator.LESS, 0, operand);
		}

	}

}
