package dev.etcdspring.client.kv;

/** The {@link Txn} stage that takes the operations to run when the conditions hold. */
public interface TxnThen extends TxnOtherwise {

	/**
	 * Operations to run when every condition holds.
	 * @param ops the operations
	 * @return the next stage
	 */
	TxnOtherwise then(Op... ops);

}
