package dev.etcdspring.client.internal;

import java.util.concurrent.CompletableFuture;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.election.LeaderListener;
import dev.etcdspring.client.election.LeaderObservation;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.event.StreamKind;
import dev.etcdspring.client.internal.proto.ElectionGrpc;
import dev.etcdspring.client.internal.proto.ElectionProto.LeaderRequest;
import dev.etcdspring.client.internal.proto.ElectionProto.LeaderResponse;
import io.grpc.ClientCall;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LeaderObservation}: one Observe server stream, reopened after a break (see
 * {@link ResumableStream}). The server starts every stream with the current leader, so a
 * leader already reported (same key, same mod revision) is not reported again.
 */
final class ObserveStream extends ResumableStream<LeaderRequest, LeaderResponse> implements LeaderObservation {

	private final Namespace namespace;

	private final LeaderRequest request;

	private final LeaderListener listener;

	private final SerialExecutor callbacks;

	@GuardedBy("lock")
	private boolean closed;

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	@GuardedBy("lock")
	private @Nullable KeyValue last;

	ObserveStream(Connection connection, Namespace namespace, LeaderRequest request, LeaderListener listener) {
		super(connection, ElectionGrpc.getObserveMethod(), "Election.Observe", StreamKind.OBSERVE);
		this.namespace = namespace;
		this.request = request;
		this.listener = listener;
		this.callbacks = new SerialExecutor(connection::execute);
	}

	void open() {
		synchronized (this.lock) {
			if (this.connection.isClosed()) {
				failAll(Errors.closed("Election.Observe", null));
				return;
			}
			openIfNeeded();
		}
	}

	@Override
	public boolean isActive() {
		synchronized (this.lock) {
			return !this.closed;
		}
	}

	@Override
	public CompletableFuture<Void> ended() {
		return this.ended;
	}

	@Override
	public void close() {
		synchronized (this.lock) {
			if (!this.closed) {
				this.closed = true;
				cancel("observation closed");
			}
		}
		this.ended.complete(null);
	}

	@Override
	@GuardedBy("lock")
	protected boolean wanted() {
		return !this.closed;
	}

	@Override
	@GuardedBy("lock")
	protected void opened(ClientCall<LeaderRequest, LeaderResponse> opened) {
		opened.request(1);
		opened.sendMessage(this.request);
		opened.halfClose();
	}

	@Override
	@GuardedBy("lock")
	protected boolean received(LeaderResponse message) {
		if (this.closed) {
			return false;
		}
		KeyValue leader = this.namespace.keyValue(message.getKv());
		KeyValue previous = this.last;
		if (previous == null || !previous.key().equals(leader.key())
				|| previous.modRevision() != leader.modRevision()) {
			this.last = leader;
			this.callbacks.execute(() -> {
				if (isActive()) {
					this.listener.onLeader(leader);
				}
			});
		}
		return true;
	}

	@Override
	protected boolean isTerminal(Status status) {
		return switch (status.getCode()) {
			case PERMISSION_DENIED, INVALID_ARGUMENT, UNIMPLEMENTED, FAILED_PRECONDITION, UNAUTHENTICATED -> true;
			default -> false;
		};
	}

	@Override
	@GuardedBy("lock")
	protected void failAll(EtcdException error) {
		if (!this.closed) {
			this.closed = true;
			this.callbacks.execute(() -> {
				try {
					this.listener.onError(error);
				}
				finally {
					this.ended.completeExceptionally(error);
				}
			});
		}
	}

}
