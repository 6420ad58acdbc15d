package dev.etcdspring.client.internal;

import java.time.Duration;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.event.StreamKind;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * A gRPC stream the client keeps open while it has something to carry, and reopens after
 * a break: the lifecycle the watch stream, the lease keep-alive stream and leader
 * observations share.
 *
 * <p>
 * One lock (the subclass's {@link #lock}) guards the stream and the subclass's state.
 * Every opened call gets a generation; a listener of an older generation is ignored, so a
 * replaced or cancelled call can never touch the state. When a call ends:
 * <ul>
 * <li>the client was closed: {@link #failAll} with a client-closed error;</li>
 * <li>the server rejected the token: authenticate again, then reopen at once;</li>
 * <li>a terminal status ({@link #isTerminal(Status)}): {@link #failAll} with the typed
 * error;</li>
 * <li>otherwise, while {@link #wanted()}: reopen after a backoff (at once the first time,
 * then 50 ms doubling to 2 s; reset by any message).</li>
 * </ul>
 * Hooks run under the lock; none may block, and none may call a listener of the user's
 * (they hand work to the callback executor).
 *
 * @param <ReqT> the request type
 * @param <RespT> the response type
 */
abstract class ResumableStream<ReqT, RespT> {

	private static final System.Logger log = System.getLogger(ResumableStream.class.getName());

	/** The connection the stream runs on. */
	protected final Connection connection;

	/** Guards the stream and the subclass's state. */
	protected final Object lock = new Object();

	private final MethodDescriptor<ReqT, RespT> method;

	private final String name;

	private final StreamKind kind;

	@GuardedBy("lock")
	private @Nullable ClientCall<ReqT, RespT> call;

	@GuardedBy("lock")
	private long generation;

	@GuardedBy("lock")
	private final Backoff backoff = new Backoff();

	@GuardedBy("lock")
	private boolean reopenScheduled;

	@GuardedBy("lock")
	private @Nullable String token;

	/**
	 * Creates the stream, closed.
	 * @param connection the connection
	 * @param method the streaming RPC
	 * @param name what the stream carries, for messages ("Watch", "LeaseKeepAlive", …)
	 * @param kind which stream it is, for the client's listeners
	 */
	protected ResumableStream(Connection connection, MethodDescriptor<ReqT, RespT> method, String name,
			StreamKind kind) {
		this.connection = connection;
		this.method = method;
		this.name = name;
		this.kind = kind;
	}

	// ---------------------------------------------------------------- hooks, under the
	// lock

	/** Whether there is anything to keep the stream open for. */
	@GuardedBy("lock")
	protected abstract boolean wanted();

	/** The headers of a new call (the token is added by the connection). */
	protected Metadata headers() {
		return new Metadata();
	}

	/**
	 * A call was just opened: ask for messages, send what it must carry.
	 * @param opened the call
	 */
	@GuardedBy("lock")
	protected abstract void opened(ClientCall<ReqT, RespT> opened);

	/**
	 * A message of the current call.
	 * @param message the message
	 * @return whether to ask for one more message (streams that take one at a time)
	 */
	@GuardedBy("lock")
	protected abstract boolean received(RespT message);

	/**
	 * Whether a status ends everything the stream carries instead of a reopen.
	 * @param status how the call ended (never a rejected token)
	 * @return whether it is terminal
	 */
	protected abstract boolean isTerminal(Status status);

	/**
	 * Ends everything the stream carries with an error.
	 * @param error the error
	 */
	@GuardedBy("lock")
	protected abstract void failAll(EtcdException error);

	// ---------------------------------------------------------------- for subclasses,
	// under the lock

	/**
	 * Opens a call when none is open, none is scheduled, the client is open and
	 * {@link #wanted()}.
	 */
	@GuardedBy("lock")
	protected final void openIfNeeded() {
		if (this.call != null || this.reopenScheduled || this.connection.isClosed() || !wanted()) {
			return;
		}
		long current = ++this.generation;
		this.token = this.connection.auth().token();
		ClientCall<ReqT, RespT> opened = this.connection.startCall(this.method, new Listener(current), headers());
		this.call = opened;
		opened(opened);
	}

	/**
	 * Whether a call is open.
	 * @return whether messages can be sent
	 */
	@GuardedBy("lock")
	protected final boolean isOpen() {
		return this.call != null;
	}

	/**
	 * Sends a message on the open call; nothing when none is open.
	 * @param message the message
	 * @return whether it was sent
	 */
	@GuardedBy("lock")
	protected final boolean send(ReqT message) {
		ClientCall<ReqT, RespT> current = this.call;
		if (current == null) {
			return false;
		}
		current.sendMessage(message);
		return true;
	}

	/**
	 * Cancels the open call (not a half-close: a half-closed stream stays open on the
	 * server). Its listener is ignored from now on.
	 * @param reason why, for the server's and gRPC's logs
	 */
	@GuardedBy("lock")
	protected final void cancel(String reason) {
		ClientCall<ReqT, RespT> current = this.call;
		if (current != null) {
			this.call = null;
			this.generation++;
			current.cancel(reason, null);
		}
	}

	/**
	 * Replaces the open call with a new one.
	 * @param reason why, for logs
	 */
	@GuardedBy("lock")
	protected final void restart(String reason) {
		cancel(reason);
		openIfNeeded();
	}

	/**
	 * Authenticates again (the server denied something for the stream's token), then
	 * replaces the call, unless it was replaced meanwhile. A failed authentication fails
	 * everything.
	 */
	@GuardedBy("lock")
	protected final void restartWithFreshToken() {
		long staleGeneration = this.generation;
		this.connection.reauthenticate(this.token, () -> {
			synchronized (this.lock) {
				if (this.generation == staleGeneration && this.call != null) {
					restart("reopening with a fresh auth token");
				}
			}
		}, (error) -> {
			synchronized (this.lock) {
				failAll(error);
			}
		});
	}

	// ---------------------------------------------------------------- the call's
	// listener

	private final class Listener extends ClientCall.Listener<RespT> {

		private final long generation;

		Listener(long generation) {
			this.generation = generation;
		}

		@Override
		public void onMessage(RespT message) {
			ClientCall<ReqT, RespT> more;
			synchronized (ResumableStream.this.lock) {
				if (this.generation != ResumableStream.this.generation) {
					return;
				}
				ResumableStream.this.backoff.reset();
				more = received(message) ? ResumableStream.this.call : null;
			}
			if (more != null) {
				more.request(1);
			}
		}

		@Override
		public void onClose(Status status, Metadata trailers) {
			synchronized (ResumableStream.this.lock) {
				if (this.generation != ResumableStream.this.generation) {
					return;
				}
				ResumableStream.this.call = null;
				closed(Errors.normalize(status));
			}
		}

	}

	@GuardedBy("lock")
	private void closed(Status status) {
		if (this.connection.isClosed()) {
			failAll(Errors.closed(this.name, status.asRuntimeException()));
			return;
		}
		boolean tokenRejected = this.connection.auth().enabled() && AuthTokens.isTokenRejected(status);
		if (!tokenRejected && isTerminal(status)) {
			failAll(Errors.toException(status, this.name, Duration.ZERO, 1));
			return;
		}
		if (!wanted()) {
			return;
		}
		long delay = this.backoff.nextDelayNanos();
		log.log((delay == 0) ? System.Logger.Level.DEBUG : System.Logger.Level.INFO,
				() -> this.name + " stream broke (" + status.getCode() + ": " + status.getDescription() + "); reopening"
						+ ((delay == 0) ? "" : " in " + delay / 1_000_000 + " ms"));
		this.reopenScheduled = true;
		this.connection.events().streamReopened(this.kind);
		this.connection.reopenStream(status, this.token, delay, this::reopen, (error) -> {
			synchronized (this.lock) {
				this.reopenScheduled = false;
				failAll(error);
			}
		});
	}

	private void reopen() {
		synchronized (this.lock) {
			this.reopenScheduled = false;
			if (this.connection.isClosed()) {
				failAll(Errors.closed(this.name, null));
				return;
			}
			openIfNeeded();
		}
	}

}
