package dev.etcdspring.client.kv;

import java.util.List;

import dev.etcdspring.client.ResponseHeader;

/**
 * The result of a {@link TxnOp}.
 *
 * @param header the response header; its revision is the transaction's revision
 * @param succeeded whether every comparison held (and the then-branch ran)
 * @param results one result per operation of the branch that ran, in order
 */
public record TxnResult(ResponseHeader header, boolean succeeded, List<OpResult> results) implements OpResult {

	/**
	 * Copies the list.
	 * @param header the response header
	 * @param succeeded whether the comparisons held
	 * @param results the branch's results
	 */
	public TxnResult {
		results = List.copyOf(results);
	}

	/**
	 * One result, with its type checked.
	 * @param <T> the result type
	 * @param index the operation's position in the branch that ran
	 * @param type the expected result type, such as {@code GetResult.class}
	 * @return the result
	 * @throws IllegalArgumentException when the operation at that position was of another
	 * kind
	 */
	public <T extends OpResult> T result(int index, Class<T> type) {
		OpResult result = this.results.get(index);
		if (!type.isInstance(result)) {
			throw new IllegalArgumentException("Operation " + index + " of the " + (this.succeeded ? "then" : "else")
					+ " branch returned a " + result.getClass().getSimpleName() + ", not a " + type.getSimpleName());
		}
		return type.cast(result);
	}

}
