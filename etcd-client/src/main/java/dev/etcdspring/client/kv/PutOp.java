package dev.etcdspring.client.kv;

import java.util.Objects;

import dev.etcdspring.client.ByteSequence;

/**
 * A write of one key.
 *
 * @param key the key
 * @param value the value
 * @param lease id of the lease to attach the key to; 0 for none
 * @param prevKv whether to return the key's previous state
 * @param ignoreValue whether to keep the current value and change only the lease (the key
 * must exist)
 * @param ignoreLease whether to keep the current lease and change only the value (the key
 * must exist)
 */
public record PutOp(ByteSequence key, ByteSequence value, long lease, boolean prevKv, boolean ignoreValue,
		boolean ignoreLease) implements Op {

	/**
	 * Checks the arguments.
	 * @param key the key
	 * @param value the value
	 * @param lease the lease id, 0 for none
	 * @param prevKv whether to return the previous state
	 * @param ignoreValue whether to keep the current value
	 * @param ignoreLease whether to keep the current lease
	 */
	public PutOp {
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(value, "value");
	}

	/**
	 * A write of the value to the key.
	 * @param key the key
	 * @param value the value
	 * @return the operation
	 */
	public static PutOp of(ByteSequence key, ByteSequence value) {
		return new PutOp(key, value, 0, false, false, false);
	}

	/**
	 * A write of the value to the key.
	 * @param key the key, UTF-8
	 * @param value the value, UTF-8
	 * @return the operation
	 */
	public static PutOp of(String key, String value) {
		return of(ByteSequence.from(key), ByteSequence.from(value));
	}

	/**
	 * This write attaching the key to a lease: the key is deleted when the lease ends.
	 * @param leaseId the lease id
	 * @return a new operation
	 */
	public PutOp withLease(long leaseId) {
		return new PutOp(this.key, this.value, leaseId, this.prevKv, this.ignoreValue, this.ignoreLease);
	}

	/**
	 * This write returning the key's state before it ({@link PutResult#prevKv()}).
	 * @return a new operation
	 */
	public PutOp withPrevKv() {
		return new PutOp(this.key, this.value, this.lease, true, this.ignoreValue, this.ignoreLease);
	}

	/**
	 * This write keeping the stored value (changing only the lease); the key must exist.
	 * @return a new operation
	 */
	public PutOp withIgnoreValue() {
		return new PutOp(this.key, ByteSequence.EMPTY, this.lease, this.prevKv, true, this.ignoreLease);
	}

	/**
	 * This write keeping the attached lease (changing only the value); the key must
	 * exist.
	 * @return a new operation
	 */
	public PutOp withIgnoreLease() {
		return new PutOp(this.key, this.value, 0, this.prevKv, this.ignoreValue, true);
	}

}
