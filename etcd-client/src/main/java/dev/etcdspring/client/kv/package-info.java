/**
 * Key-value operations: {@link dev.etcdspring.client.kv.KvClient} executes immutable
 * operation values ({@link dev.etcdspring.client.kv.GetOp},
 * {@link dev.etcdspring.client.kv.PutOp}, {@link dev.etcdspring.client.kv.DeleteOp},
 * {@link dev.etcdspring.client.kv.TxnOp}) and answers with result records that carry the
 * response header.
 */
@NullMarked
package dev.etcdspring.client.kv;

import org.jspecify.annotations.NullMarked;
