package dev.etcdspring.client.kv;

import java.util.List;

/**
 * A transaction: if every comparison holds, the {@code thenOps} run, otherwise the
 * {@code otherwiseOps}; atomically, at one revision. Build one with
 * {@link KvClient#txn()}, or directly to nest it in another transaction.
 *
 * @param compares the conditions, all of which must hold
 * @param thenOps the operations when they hold
 * @param otherwiseOps the operations when one does not
 */
public record TxnOp(List<Compare> compares, List<Op> thenOps, List<Op> otherwiseOps) implements Op {

	/**
	 * Copies the lists.
	 * @param compares the conditions
	 * @param thenOps the operations when they hold
	 * @param otherwiseOps the operations otherwise
	 */
	public TxnOp {
		compares = List.copyOf(compares);
		thenOps = List.copyOf(thenOps);
		otherwiseOps = List.copyOf(otherwiseOps);
	}

}
