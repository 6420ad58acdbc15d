package dev.etcdspring.client.internal;

import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.election.LeaderListener;
import dev.etcdspring.client.election.Observation;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.internal.proto.ElectionGrpc;
import dev.etcdspring.client.internal.proto.LeaderRequest;
import dev.etcdspring.client.internal.proto.LeaderResponse;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;

import org.jspecify.annotations.Nullable;

/**
 * One Observe server stream, reopened after a break. The server starts every stream with the
 * current leader, so a leader already reported (same key, same mod revision) is not reported again.
 */
final class LeaderObservation implements Observation {

	private final Connection connection;

	private final Namespace namespace;

	private final LeaderRequest request;

	private final LeaderListener listener;

	private final SerialExecutor callbacks;

	private final Backoff backoff = new Backoff();

	// guarded by this

	private @Nullable ClientCall<LeaderRequest, LeaderResponse> call;

	private long generation;

	private boolean closed;

	private @Nullable KeyValue last;

	private @Nullable String streamToken;

	LeaderObservation(Connection connection, Namespace namespace, LeaderRequest request, LeaderListener listener) {
		this.connection = connection;
		this.namespace = namespace;
		this.request = request;
		this.listener = listener;
		this.callbacks = new SerialExecutor(connection::execute);
	}

	synchronized void open() {
		if (this.closed) {
			return;
		}
		if (this.connection.isClosed()) {
			end(Errors.closed("Election.Observe", null));
			return;
		}
		long current = ++this.generation;
		this.streamToken = this.connection.auth().token();
		ClientCall<LeaderRequest, LeaderResponse> opened = this.connection.startCall(ElectionGrpc.getObserveMethod(),
				this.connection.callOptions(), new Listener(current), new Metadata());
		this.call = opened;
		opened.request(1);
		opened.sendMessage(this.request);
		opened.halfClose();
	}

	@Override
	public synchronized boolean isClosed() {
		return this.closed;
	}

	@Override
	public synchronized void close() {
		if (!this.closed) {
			this.closed = true;
			if (this.call != null) {
				this.call.cancel("observation closed", null);
				this.call = null;
			}
		}
	}

	private void end(EtcdException error) {
		this.closed = true;
		this.callbacks.execute(() -> this.listener.onError(error));
	}

	private final class Listener extends ClientCall.Listener<LeaderResponse> {

		private final long generation;

		Listener(long generation) {
			this.generation = generation;
		}

		@Override
		public void onMessage(LeaderResponse message) {
			ClientCall<LeaderRequest, LeaderResponse> current;
			synchronized (LeaderObservation.this) {
				if (this.generation != LeaderObservation.this.generation || LeaderObservation.this.closed) {
					return;
				}
				LeaderObservation.this.backoff.reset();
				KeyValue leader = LeaderObservation.this.namespace.keyValue(message.getKv());
				KeyValue previous = LeaderObservation.this.last;
				if (previous == null || !previous.key().equals(leader.key())
						|| previous.modRevision() != leader.modRevision()) {
					LeaderObservation.this.last = leader;
					LeaderObservation.this.callbacks.execute(() -> {
						if (!isClosed()) {
							LeaderObservation.this.listener.onLeader(leader);
						}
					});
				}
				current = LeaderObservation.this.call;
			}
			if (current != null) {
				current.request(1);
			}
		}

		@Override
		public void onClose(Status status, Metadata trailers) {
			synchronized (LeaderObservation.this) {
				if (this.generation != LeaderObservation.this.generation || LeaderObservation.this.closed) {
					return;
				}
				LeaderObservation.this.call = null;
				if (LeaderObservation.this.connection.isClosed()) {
					end(Errors.closed("Election.Observe", status.asRuntimeException()));
					return;
				}
				LeaderObservation.this.connection.reopenStream(status, LeaderObservation.this.streamToken,
						LeaderObservation.this.backoff.nextDelayNanos(), LeaderObservation.this::open, (error) -> {
							synchronized (LeaderObservation.this) {
								end(error);
							}
						});
			}
		}

	}

}
