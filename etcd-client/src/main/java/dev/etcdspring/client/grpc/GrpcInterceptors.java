package dev.etcdspring.client.grpc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import com.google.protobuf.ByteString;
import dev.etcdspring.client.internal.proto.RpcProto;
import io.grpc.ClientInterceptor;
import org.jspecify.annotations.Nullable;

/**
 * gRPC client interceptors for the client's channel: the advanced extension point through
 * which the gRPC ecosystem (Micrometer's {@code MetricCollectingClientInterceptor} and
 * {@code ObservationGrpcClientInterceptor}, OpenTelemetry, Spring gRPC) instruments every
 * call the client makes. Given to
 * {@link dev.etcdspring.client.EtcdClientBuilder#interceptors(GrpcInterceptors)}.
 *
 * <p>
 * Why a type of its own: it is the only public type of the client whose signatures name
 * {@code io.grpc} types, so the rest of the API (and code that never instruments) stays
 * free of them, and the contract below is written in one place.
 *
 * <p>
 * The contract: interceptors apply to every call and stream of the client, on its channel
 * over all endpoints and on the channels to single members. The first interceptor given
 * runs first (it wraps the others). They see each attempt of a call (a read that fails
 * over to another member is two calls) and each stream for as long as it is open. They
 * run on gRPC's threads (the client's callback executor, or the Netty event loop for some
 * transport events) and must not block. Request and response messages are the client's
 * generated protobuf classes, which are internal and may change in any release: an
 * interceptor should not depend on them (use {@link #requestKey} for the key).
 * Interceptors must not change the calls' headers the client sets (the auth token).
 * Immutable and thread-safe.
 */
public final class GrpcInterceptors {

	/** No interceptors. */
	public static final GrpcInterceptors NONE = new GrpcInterceptors(List.of());

	private final List<ClientInterceptor> interceptors;

	private GrpcInterceptors(List<ClientInterceptor> interceptors) {
		this.interceptors = List.copyOf(interceptors);
	}

	/**
	 * Interceptors in the order they run: the first one first.
	 * @param interceptors the interceptors
	 * @return the interceptors
	 */
	public static GrpcInterceptors of(ClientInterceptor... interceptors) {
		return of(Arrays.asList(interceptors));
	}

	/**
	 * Interceptors in the order they run: the first one first.
	 * @param interceptors the interceptors
	 * @return the interceptors
	 */
	public static GrpcInterceptors of(List<? extends ClientInterceptor> interceptors) {
		interceptors.forEach((interceptor) -> Objects.requireNonNull(interceptor, "interceptor"));
		return new GrpcInterceptors(new ArrayList<>(interceptors));
	}

	/**
	 * These interceptors, then the given ones (which run after these, inside them).
	 * @param more the interceptors to add
	 * @return the combined interceptors
	 */
	public GrpcInterceptors and(GrpcInterceptors more) {
		List<ClientInterceptor> all = new ArrayList<>(this.interceptors);
		all.addAll(more.interceptors);
		return new GrpcInterceptors(all);
	}

	/**
	 * The interceptors, the first one to run first.
	 * @return the interceptors, unmodifiable
	 */
	public List<ClientInterceptor> interceptors() {
		return this.interceptors;
	}

	/**
	 * Whether there are none.
	 * @return whether the list is empty
	 */
	public boolean isEmpty() {
		return this.interceptors.isEmpty();
	}

	/**
	 * The key a request message is about, for an interceptor that records it (a key can
	 * be sensitive: record it only where the application allows it). The key is the one
	 * sent, with the client's namespace, decoded as UTF-8 (malformed bytes replaced).
	 * @param message a request message the client sends
	 * @return the key of a Range, Put or DeleteRange request, or of the first operation
	 * or comparison of a Txn; {@code null} for any other request
	 */
	public static @Nullable String requestKey(Object message) {
		ByteString key = null;
		if (message instanceof RpcProto.RangeRequest range) {
			key = range.getKey();
		}
		else if (message instanceof RpcProto.PutRequest put) {
			key = put.getKey();
		}
		else if (message instanceof RpcProto.DeleteRangeRequest delete) {
			key = delete.getKey();
		}
		else if (message instanceof RpcProto.TxnRequest txn) {
			if (txn.getCompareCount() > 0) {
				key = txn.getCompare(0).getKey();
			}
			else if (txn.getSuccessCount() > 0) {
				RpcProto.RequestOp op = txn.getSuccess(0);
				key = op.hasRequestRange() ? op.getRequestRange().getKey()
						: op.hasRequestPut() ? op.getRequestPut().getKey()
								: op.hasRequestDeleteRange() ? op.getRequestDeleteRange().getKey() : null;
			}
		}
		return (key != null) ? key.toStringUtf8() : null;
	}

	@Override
	public String toString() {
		return "GrpcInterceptors" + this.interceptors;
	}

}
