package dev.etcdspring.client.kv;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The one implementation of every {@link Txn} stage: an immutable {@link TxnOp} in the
 * making.
 */
final class StagedTxn implements Txn {

	private final Function<TxnOp, CompletableFuture<TxnResult>> executor;

	private final TxnOp op;

	StagedTxn(Function<TxnOp, CompletableFuture<TxnResult>> executor) {
		this(executor, new TxnOp(List.of(), List.of(), List.of()));
	}

	private StagedTxn(Function<TxnOp, CompletableFuture<TxnResult>> executor, TxnOp op) {
		this.executor = executor;
		this.op = op;
	}

	@Override
	public TxnThen when(Compare... compares) {
		return new StagedTxn(this.executor, new TxnOp(List.of(compares), this.op.thenOps(), this.op.otherwiseOps()));
	}

	@Override
	public TxnOtherwise then(Op... ops) {
		return new StagedTxn(this.executor, new TxnOp(this.op.compares(), List.of(ops), this.op.otherwiseOps()));
	}

	@Override
	public TxnCommit otherwise(Op... ops) {
		return new StagedTxn(this.executor, new TxnOp(this.op.compares(), this.op.thenOps(), List.of(ops)));
	}

	@Override
	public CompletableFuture<TxnResult> commit() {
		return this.executor.apply(this.op);
	}

	@Override
	public TxnOp toOp() {
		return this.op;
	}

}
