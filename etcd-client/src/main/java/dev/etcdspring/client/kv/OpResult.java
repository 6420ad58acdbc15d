package dev.etcdspring.client.kv;

import dev.etcdspring.client.ResponseHeader;

/**
 * The result of one {@link Op}; inside a transaction, one per executed operation.
 */
public sealed interface OpResult permits GetResult, PutResult, DeleteResult, TxnResult {

	/**
	 * The response header.
	 * @return the header
	 */
	ResponseHeader header();

}
