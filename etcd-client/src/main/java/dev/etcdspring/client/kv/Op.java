package dev.etcdspring.client.kv;

/**
 * One key-value operation: a value that says what to do, executed by {@link KvClient} or
 * inside a transaction. Immutable.
 */
public sealed interface Op permits GetOp, PutOp, DeleteOp, TxnOp {

}
