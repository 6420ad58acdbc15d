package dev.etcdspring.client.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.etcdspring.client.error.InvalidRequestException;
import dev.etcdspring.client.internal.proto.KVGrpc;
import dev.etcdspring.client.internal.proto.RpcProto;
import dev.etcdspring.client.internal.proto.RpcProto.CompactionRequest;
import dev.etcdspring.client.internal.proto.RpcProto.DeleteRangeRequest;
import dev.etcdspring.client.internal.proto.RpcProto.DeleteRangeResponse;
import dev.etcdspring.client.internal.proto.RpcProto.PutRequest;
import dev.etcdspring.client.internal.proto.RpcProto.PutResponse;
import dev.etcdspring.client.internal.proto.RpcProto.RangeRequest;
import dev.etcdspring.client.internal.proto.RpcProto.RangeResponse;
import dev.etcdspring.client.internal.proto.RpcProto.RequestOp;
import dev.etcdspring.client.internal.proto.RpcProto.ResponseOp;
import dev.etcdspring.client.internal.proto.RpcProto.TxnRequest;
import dev.etcdspring.client.internal.proto.RpcProto.TxnResponse;
import dev.etcdspring.client.kv.CompactResult;
import dev.etcdspring.client.kv.Compare;
import dev.etcdspring.client.kv.DeleteOp;
import dev.etcdspring.client.kv.DeleteResult;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.client.kv.GetResult;
import dev.etcdspring.client.kv.KvClient;
import dev.etcdspring.client.kv.Op;
import dev.etcdspring.client.kv.OpResult;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.client.kv.PutResult;
import dev.etcdspring.client.kv.SortOrder;
import dev.etcdspring.client.kv.SortTarget;
import dev.etcdspring.client.kv.TxnOp;
import dev.etcdspring.client.kv.TxnResult;
import io.grpc.MethodDescriptor;

/**
 * {@link KvClient} over etcd's KV service: converts operation values to requests and
 * responses to result records, applying the namespace both ways. Reads are repeatable;
 * puts, deletes, txns and compactions are not (a txn is treated as a write even when it
 * only reads: its comparisons may decide a write).
 */
final class KvService implements KvClient {

	private final Connection connection;

	private final Namespace namespace;

	private final Duration timeout;

	private final LeaseService leases;

	KvService(Connection connection, Namespace namespace, Duration timeout, LeaseService leases) {
		this.connection = connection;
		this.namespace = namespace;
		this.timeout = timeout;
		this.leases = leases;
	}

	@Override
	public CompletableFuture<GetResult> get(GetOp op) {
		return call(KVGrpc.getRangeMethod(), () -> rangeRequest(op), true, this::getResult);
	}

	@Override
	public CompletableFuture<PutResult> put(PutOp op) {
		return call(KVGrpc.getPutMethod(), () -> putRequest(op), false, this::putResult);
	}

	@Override
	public CompletableFuture<PutResult> putWithTtl(PutOp op, Duration ttl) {
		if (op.key().isEmpty()) {
			// before the lease is granted, so that nothing is left behind
			return CompletableFuture.failedFuture(Namespace.emptyKey("key"));
		}
		return this.leases.withTimeout(this.timeout).grant(ttl).thenCompose((lease) -> put(op.withLease(lease.id())));
	}

	@Override
	public CompletableFuture<DeleteResult> delete(DeleteOp op) {
		return call(KVGrpc.getDeleteRangeMethod(), () -> deleteRequest(op), false, this::deleteResult);
	}

	@Override
	public CompletableFuture<TxnResult> txn(TxnOp op) {
		return call(KVGrpc.getTxnMethod(), () -> txnRequest(op), false, this::txnResult);
	}

	/**
	 * Builds the request, then calls; a request the client refuses (an empty key) fails
	 * the future.
	 */
	private <ReqT, RespT, R> CompletableFuture<R> call(MethodDescriptor<ReqT, RespT> method, Supplier<ReqT> request,
			boolean repeatable, Function<RespT, R> converter) {
		ReqT built;
		try {
			built = request.get();
		}
		catch (InvalidRequestException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return this.connection.unary(method, built, repeatable, this.timeout, converter);
	}

	@Override
	public CompletableFuture<CompactResult> compact(long revision, boolean physical) {
		CompactionRequest request = CompactionRequest.newBuilder().setRevision(revision).setPhysical(physical).build();
		return this.connection.unary(KVGrpc.getCompactMethod(), request, false, this.timeout,
				(response) -> new CompactResult(Namespace.header(response.getHeader())));
	}

	@Override
	public KvClient withTimeout(Duration timeout) {
		return new KvService(this.connection, this.namespace, Durations.requirePositive("timeout", timeout),
				this.leases);
	}

	// ---------------------------------------------------------------- requests

	private RangeRequest rangeRequest(GetOp op) {
		Namespace.Bounds bounds = this.namespace.bounds(op.range());
		RangeRequest.Builder request = RangeRequest.newBuilder()
			.setKey(bounds.key())
			.setRangeEnd(bounds.end())
			.setRevision(op.revision())
			.setLimit(op.limit())
			.setSerializable(op.serializable())
			.setKeysOnly(op.keysOnly())
			.setCountOnly(op.countOnly())
			.setMinModRevision(op.minModRevision())
			.setMaxModRevision(op.maxModRevision())
			.setMinCreateRevision(op.minCreateRevision())
			.setMaxCreateRevision(op.maxCreateRevision());
		SortOrder order = op.sortOrder();
		if (order == SortOrder.NONE && op.sortTarget() != SortTarget.KEY) {
			// a sort target without an order would be ignored by the server
			order = SortOrder.ASCEND;
		}
		if (order != SortOrder.NONE) {
			request
				.setSortOrder(
						(order == SortOrder.ASCEND) ? RangeRequest.SortOrder.ASCEND : RangeRequest.SortOrder.DESCEND)
				.setSortTarget(sortTarget(op.sortTarget()));
		}
		return request.build();
	}

	private static RangeRequest.SortTarget sortTarget(SortTarget target) {
		return switch (target) {
			case KEY -> RangeRequest.SortTarget.KEY;
			case VERSION -> RangeRequest.SortTarget.VERSION;
			case CREATE_REVISION -> RangeRequest.SortTarget.CREATE;
			case MOD_REVISION -> RangeRequest.SortTarget.MOD;
			case VALUE -> RangeRequest.SortTarget.VALUE;
		};
	}

	private PutRequest putRequest(PutOp op) {
		return PutRequest.newBuilder()
			.setKey(this.namespace.key(op.key()))
			.setValue(Bytes.toByteString(op.value()))
			.setLease(op.lease())
			.setPrevKv(op.prevKv())
			.setIgnoreValue(op.ignoreValue())
			.setIgnoreLease(op.ignoreLease())
			.build();
	}

	private DeleteRangeRequest deleteRequest(DeleteOp op) {
		Namespace.Bounds bounds = this.namespace.bounds(op.range());
		return DeleteRangeRequest.newBuilder()
			.setKey(bounds.key())
			.setRangeEnd(bounds.end())
			.setPrevKv(op.prevKv())
			.build();
	}

	private TxnRequest txnRequest(TxnOp op) {
		TxnRequest.Builder request = TxnRequest.newBuilder();
		for (Compare compare : op.compares()) {
			request.addCompare(compare(compare));
		}
		for (Op then : op.thenOps()) {
			request.addSuccess(requestOp(then));
		}
		for (Op otherwise : op.otherwiseOps()) {
			request.addFailure(requestOp(otherwise));
		}
		return request.build();
	}

	private RequestOp requestOp(Op op) {
		RequestOp.Builder request = RequestOp.newBuilder();
		if (op instanceof GetOp get) {
			request.setRequestRange(rangeRequest(get));
		}
		else if (op instanceof PutOp put) {
			request.setRequestPut(putRequest(put));
		}
		else if (op instanceof DeleteOp delete) {
			request.setRequestDeleteRange(deleteRequest(delete));
		}
		else if (op instanceof TxnOp txn) {
			request.setRequestTxn(txnRequest(txn));
		}
		return request.build();
	}

	private RpcProto.Compare compare(Compare compare) {
		var proto = RpcProto.Compare.newBuilder().setKey(this.namespace.key(compare.key()));
		proto.setResult(switch (compare.operator()) {
			case EQUAL -> RpcProto.Compare.CompareResult.EQUAL;
			case NOT_EQUAL -> RpcProto.Compare.CompareResult.NOT_EQUAL;
			case GREATER -> RpcProto.Compare.CompareResult.GREATER;
			case LESS -> RpcProto.Compare.CompareResult.LESS;
		});
		switch (compare.target()) {
			case VERSION -> proto.setTarget(RpcProto.Compare.CompareTarget.VERSION).setVersion(compare.number());
			case CREATE_REVISION ->
				proto.setTarget(RpcProto.Compare.CompareTarget.CREATE).setCreateRevision(compare.number());
			case MOD_REVISION -> proto.setTarget(RpcProto.Compare.CompareTarget.MOD).setModRevision(compare.number());
			case LEASE -> proto.setTarget(RpcProto.Compare.CompareTarget.LEASE).setLease(compare.number());
			case VALUE -> proto.setTarget(RpcProto.Compare.CompareTarget.VALUE)
				.setValue(Bytes.toByteString(java.util.Objects.requireNonNull(compare.value())));
		}
		return proto.build();
	}

	// ---------------------------------------------------------------- results

	private GetResult getResult(RangeResponse response) {
		return new GetResult(Namespace.header(response.getHeader()), this.namespace.keyValues(response.getKvsList()),
				response.getMore(), response.getCount());
	}

	private PutResult putResult(PutResponse response) {
		return new PutResult(Namespace.header(response.getHeader()),
				response.hasPrevKv() ? Optional.of(this.namespace.keyValue(response.getPrevKv())) : Optional.empty());
	}

	private DeleteResult deleteResult(DeleteRangeResponse response) {
		return new DeleteResult(Namespace.header(response.getHeader()), response.getDeleted(),
				this.namespace.keyValues(response.getPrevKvsList()));
	}

	private TxnResult txnResult(TxnResponse response) {
		List<OpResult> results = new ArrayList<>(response.getResponsesCount());
		for (ResponseOp op : response.getResponsesList()) {
			results.add(switch (op.getResponseCase()) {
				case RESPONSE_RANGE -> getResult(op.getResponseRange());
				case RESPONSE_PUT -> putResult(op.getResponsePut());
				case RESPONSE_DELETE_RANGE -> deleteResult(op.getResponseDeleteRange());
				case RESPONSE_TXN -> txnResult(op.getResponseTxn());
				case RESPONSE_NOT_SET ->
					throw new IllegalStateException("etcd sent a transaction result without a type");
			});
		}
		return new TxnResult(Namespace.header(response.getHeader()), response.getSucceeded(), results);
	}

}
