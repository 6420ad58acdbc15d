package dev.etcdspring.client.kv;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.etcdspring.client.ByteSequence;

/**
 * Reads and writes keys: etcd's KV service.
 *
 * <p>
 * Every method returns at once with a future that completes on the client's callback
 * executor, never on a gRPC or Netty thread. Each call has a deadline: the client's
 * request timeout, or the one given to {@link #withTimeout(Duration)}. Reads that fail
 * because a member is unavailable are retried on the next member within that deadline;
 * writes are retried only when they provably never left the client, so a write is applied
 * at most once. Failures are {@link dev.etcdspring.client.error.EtcdException}s. With a
 * namespace set on the client every key is relative to it, in requests and results.
 *
 * <p>
 * Thread-safe; obtained from {@link dev.etcdspring.client.EtcdClient#kv()}, cheap to
 * hold.
 *
 * <p>
 * Cancelling a returned future cancels the call on the wire: its HTTP/2 stream is reset
 * and the server stops working on it (a write that already reached the server may still
 * be applied).
 */
public interface KvClient {

	/**
	 * Reads one key or a range.
	 * @param op the read
	 * @return the keys found
	 */
	CompletableFuture<GetResult> get(GetOp op);

	/**
	 * Reads one key.
	 * @param key the key
	 * @return the result, empty when the key does not exist
	 */
	default CompletableFuture<GetResult> get(ByteSequence key) {
		return get(GetOp.key(key));
	}

	/**
	 * Reads one key.
	 * @param key the key, UTF-8
	 * @return the result, empty when the key does not exist
	 */
	default CompletableFuture<GetResult> get(String key) {
		return get(GetOp.key(key));
	}

	/**
	 * Writes one key.
	 * @param op the write
	 * @return the result with the write's revision
	 */
	CompletableFuture<PutResult> put(PutOp op);

	/**
	 * Writes one key.
	 * @param key the key
	 * @param value the value
	 * @return the result with the write's revision
	 */
	default CompletableFuture<PutResult> put(ByteSequence key, ByteSequence value) {
		return put(PutOp.of(key, value));
	}

	/**
	 * Writes one key.
	 * @param key the key, UTF-8
	 * @param value the value, UTF-8
	 * @return the result with the write's revision
	 */
	default CompletableFuture<PutResult> put(String key, String value) {
		return put(PutOp.of(key, value));
	}

	/**
	 * Writes a key that etcd deletes after a time to live: grants a lease with that TTL
	 * and attaches the key to it (replacing any lease in the operation). The lease is not
	 * kept alive; to make the key live longer, put it again or keep its lease alive with
	 * the lease client.
	 * @param op the write
	 * @param ttl how long the key lives, rounded up to whole seconds
	 * @return the result with the write's revision
	 */
	CompletableFuture<PutResult> putWithTtl(PutOp op, Duration ttl);

	/**
	 * Writes a key that etcd deletes after a time to live (see
	 * {@link #putWithTtl(PutOp, Duration)}).
	 * @param key the key, UTF-8
	 * @param value the value, UTF-8
	 * @param ttl how long the key lives, rounded up to whole seconds
	 * @return the result with the write's revision
	 */
	default CompletableFuture<PutResult> putWithTtl(String key, String value, Duration ttl) {
		return putWithTtl(PutOp.of(key, value), ttl);
	}

	/**
	 * Deletes one key or a range.
	 * @param op the delete
	 * @return how many keys were deleted
	 */
	CompletableFuture<DeleteResult> delete(DeleteOp op);

	/**
	 * Deletes one key.
	 * @param key the key
	 * @return how many keys were deleted (0 or 1)
	 */
	default CompletableFuture<DeleteResult> delete(ByteSequence key) {
		return delete(DeleteOp.key(key));
	}

	/**
	 * Deletes one key.
	 * @param key the key, UTF-8
	 * @return how many keys were deleted (0 or 1)
	 */
	default CompletableFuture<DeleteResult> delete(String key) {
		return delete(DeleteOp.key(key));
	}

	/**
	 * Runs a transaction.
	 * @param op the transaction
	 * @return whether its conditions held, and the results of the branch that ran
	 */
	CompletableFuture<TxnResult> txn(TxnOp op);

	/**
	 * Starts a transaction in stages: {@code when(…).then(…).otherwise(…).commit()}.
	 * @return the first stage
	 */
	default Txn txn() {
		return new StagedTxn(this::txn);
	}

	/**
	 * Discards the history before a revision. Watches and reads at older revisions then
	 * fail with {@link dev.etcdspring.client.error.CompactedException}.
	 * @param revision the oldest revision to keep
	 * @param physical whether to wait until the space is reclaimed on the member that
	 * answers
	 * @return the result
	 */
	CompletableFuture<CompactResult> compact(long revision, boolean physical);

	/**
	 * A view of this client whose calls have another deadline.
	 * @param timeout the deadline of each call, counted from when it is made
	 * @return the view; it shares this client's connection
	 */
	KvClient withTimeout(Duration timeout);

}
