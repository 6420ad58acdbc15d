package dev.etcdspring.client.kv;

/**
 * The {@link Txn} stage that takes the operations to run when a condition does not hold.
 */
public interface TxnOtherwise extends TxnCommit {

	/**
	 * Operations to run when a condition does not hold.
	 * @param ops the operations
	 * @return the last stage
	 */
	TxnCommit otherwise(Op... ops);

}
