package dev.etcdspring.client.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.election.LeaderListener;
import dev.etcdspring.client.election.Observation;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.internal.proto.ElectionGrpc;
import dev.etcdspring.client.internal.proto.ElectionProto.LeaderRequest;
import dev.etcdspring.client.internal.proto.ElectionProto.LeaderResponse;
import io.grpc.ClientCall;
import io.grpc.Status;

import org.jspecify.annotations.Nullable;

/**
 * One Observe server stream, reopened after a break (see {@link ResumableStream}). The server starts
 * every stream with the current leader, so a leader already reported (same key, same mod revision)
 * is not reported again.
 */
final class LeaderObservation extends ResumableStream<LeaderRequest, LeaderResponse> implements Observation {

	private final Namespace namespace;

	private final LeaderRequest request;

	private final LeaderListener listener;

	private final SerialExecutor callbacks;

	@GuardedBy("lock")
	private boolean closed;

	@GuardedBy("lock")
	private @Nullable KeyValue last;

	LeaderObservation(Connection connection, Namespace namespace, LeaderRequest request, LeaderListener listener) {
		super(connection, ElectionGrpc.getObserveMethod(), "Election.Observe");
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
	public boolean isClosed() {
		synchronized (this.lock) {
			return this.closed;
		}
	}

	@Override
	public void close() {
		synchronized (this.lock) {
			if (!this.closed) {
				this.closed = true;
				cancel("observation closed");
			}
		}
	}

	@Override
	protected boolean wanted() {
		return !this.closed;
	}

	@Override
	protected void opened(ClientCall<LeaderRequest, LeaderResponse> opened) {
		opened.request(1);
		opened.sendMessage(this.request);
		opened.halfClose();
	}

	@Override
	protected boolean received(LeaderResponse message) {
		if (this.closed) {
			return false;
		}
		KeyValue leader = this.namespace.keyValue(message.getKv());
		KeyValue previous = this.last;
		if (previous == null || !previous.key().equals(leader.key()) || previous.modRevision() != leader.modRevision()) {
			this.last = leader;
			this.callbacks.execute(() -> {
				if (!isClosed()) {
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
	protected void failAll(EtcdException error) {
		if (!this.closed) {
			this.closed = true;
			this.callbacks.execute(() -> this.listener.onError(error));
		}
	}

}
