package dev.etcdspring.client.kv;

/**
 * A transaction under construction, in stages the compiler checks: conditions
 * ({@link #when(Compare...)}), the operations when they hold
 * ({@link TxnThen#then(Op...)}), the operations when they do not
 * ({@link TxnOtherwise#otherwise(Op...)}), then {@link TxnCommit#commit()}. A stage may
 * be skipped; none can be repeated or reordered.
 *
 * <pre>{@code
 * kv.txn()
 *     .when(Compare.version("lock").equal(0))
 *     .then(PutOp.of("lock", "me"))
 *     .otherwise(GetOp.key("lock"))
 *     .commit();
 * }</pre>
 *
 * Stages are immutable: each call returns a new stage.
 */
public interface Txn extends TxnThen {

	/**
	 * The conditions, all of which must hold.
	 * @param compares the conditions
	 * @return the next stage
	 */
	TxnThen when(Compare... compares);

}
