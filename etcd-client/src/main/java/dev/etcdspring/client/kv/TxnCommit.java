package dev.etcdspring.client.kv;

import java.util.concurrent.CompletableFuture;

/** The last {@link Txn} stage. */
public interface TxnCommit {

	/**
	 * Sends the transaction.
	 * @return whether the conditions held, and the results of the branch that ran
	 */
	CompletableFuture<TxnResult> commit();

	/**
	 * The transaction as an operation, to nest it in another one.
	 * @return the operation
	 */
	TxnOp toOp();

}
