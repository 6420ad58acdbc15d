package dev.etcdspring.client.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * One logical unary request: one or more attempts within one deadline. Its listener runs
 * on the transport's thread (the call options carry a direct executor): conversion and
 * retry decisions are the client's own short work, and the result is a
 * {@link CallFuture}, which never runs the caller's code there.
 *
 * <p>
 * Retry rules (etcd-semantics): a repeatable request (a read, a lease grant, …) that
 * fails with UNAVAILABLE is sent again at once to the next member (round robin picks it),
 * and after a full round of members with a growing, jittered backoff, until the deadline.
 * A request that is not repeatable (a write) is never sent twice by this class; gRPC's
 * transparent retry sends it again only when it provably never left the client, and
 * {@code waitForReady} holds it until a member is reachable. Any other error ends the
 * request at once.
 *
 * <p>
 * The future completes, with the response converted, on the channel's executor (the
 * client's callback executor). Cancelling it cancels the attempt in flight.
 */
final class UnaryCall<ReqT, RespT, R> extends ClientCall.Listener<RespT> implements Deadlines.Timed {

	private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

	private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final Connection connection;

	private final Channel channel;

	private final CallOptions callOptions;

	private final MethodDescriptor<ReqT, RespT> method;

	private final ReqT request;

	private final boolean repeatable;

	private final Duration timeout;

	private final long deadlineNanos;

	private final Function<RespT, R> converter;

	private final Result<R> result;

	private int attempts;

	private boolean authRetried;

	private @Nullable String tokenUsed;

	private @Nullable RespT response;

	private volatile @Nullable ClientCall<ReqT, RespT> call;

	private volatile boolean deadlinePassed;

	UnaryCall(Connection connection, Channel channel, CallOptions callOptions, MethodDescriptor<ReqT, RespT> method,
			ReqT request, boolean repeatable, Duration timeout, Function<RespT, R> converter) {
		this.connection = connection;
		this.channel = channel;
		this.callOptions = callOptions;
		this.converter = converter;
		this.method = method;
		this.request = request;
		this.repeatable = repeatable;
		this.timeout = timeout;
		this.deadlineNanos = System.nanoTime() + timeout.toNanos();
		this.result = new Result<>(this, connection.callbackExecutor());
	}

	CompletableFuture<R> start() {
		attempt();
		return this.result;
	}

	private void attempt() {
		if (this.result.isDone()) {
			return;
		}
		if (this.connection.isClosed()) {
			this.result.failFromTransport(Errors.closed(operation(), null));
			return;
		}
		long remaining = this.deadlineNanos - System.nanoTime();
		if (remaining <= 0) {
			fail(Status.DEADLINE_EXCEEDED.withDescription("deadline passed before attempt " + (this.attempts + 1)));
			return;
		}
		this.attempts++;
		this.response = null;
		this.tokenUsed = this.connection.auth().token();
		// the deadline is enforced here, not sent: see Deadlines
		this.connection.deadlines().add(this);
		ClientCall<ReqT, RespT> started = this.connection.startCall(this.channel, this.method, this.callOptions, this,
				new Metadata());
		this.call = started;
		if (this.deadlinePassed) {
			started.cancel("deadline passed", null);
		}
		started.request(2);
		started.sendMessage(this.request);
		started.halfClose();
		if (this.result.isCancelled()) {
			started.cancel("cancelled by the caller", null);
		}
	}

	@Override
	public void onMessage(RespT message) {
		this.response = message;
	}

	@Override
	public long deadlineNanos() {
		return this.deadlineNanos;
	}

	@Override
	public void deadlinePassed() {
		this.deadlinePassed = true;
		ClientCall<ReqT, RespT> current = this.call;
		if (current != null) {
			current.cancel("deadline passed", null);
		}
	}

	@Override
	public void onClose(Status status, Metadata trailers) {
		this.connection.deadlines().remove(this);
		if (this.result.isDone()) {
			return;
		}
		status = Errors.normalize(status);
		if (this.deadlinePassed && status.getCode() == Status.Code.CANCELLED) {
			status = Status.DEADLINE_EXCEEDED
				.withDescription("deadline passed" + (this.connection.isReady() ? "" : "; waiting_for_connection"));
		}
		RespT received = this.response;
		if (status.isOk() && received != null) {
			R converted;
			try {
				converted = this.converter.apply(received);
			}
			catch (RuntimeException ex) {
				this.result.failFromTransport(ex);
				return;
			}
			this.result.completeFromTransport(converted);
			return;
		}
		if (status.isOk()) {
			fail(Status.INTERNAL.withDescription("the server closed the call without a response"));
			return;
		}
		if (this.connection.isClosed()) {
			this.result.failFromTransport(Errors.closed(operation(), status.asRuntimeException()));
			return;
		}
		if (!this.authRetried && this.connection.auth().enabled() && AuthTokens.isTokenRejected(status)) {
			// the server rejected the request before applying it: authenticate again,
			// then retry once
			this.authRetried = true;
			this.connection.reauthenticate(this.tokenUsed, this::attempt, this.result::failFromTransport);
			return;
		}
		if (this.repeatable && Errors.isRetryableForRepeatable(status)) {
			long delay = backoffNanos();
			if (System.nanoTime() + delay < this.deadlineNanos) {
				if (delay == 0) {
					attempt();
				}
				else {
					this.connection.schedule(this::attempt, delay);
				}
				return;
			}
		}
		fail(status);
	}

	/**
	 * No delay while there are members not yet tried in this round, then 25 ms doubling
	 * to 1 s, ±20%.
	 */
	private long backoffNanos() {
		int rounds = this.attempts / Math.max(1, this.connection.endpointCount());
		if (this.attempts % Math.max(1, this.connection.endpointCount()) != 0 || rounds == 0) {
			return 0;
		}
		long base = Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(rounds - 1, 10));
		return (long) (base * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
	}

	private void fail(Status status) {
		this.result.failFromTransport(Errors.toException(status, operation(), this.timeout, this.attempts));
	}

	private String operation() {
		return this.method.getServiceName().substring(this.method.getServiceName().lastIndexOf('.') + 1) + "."
				+ this.method.getBareMethodName();
	}

	private void cancel() {
		this.connection.deadlines().remove(this);
		ClientCall<ReqT, RespT> current = this.call;
		if (current != null) {
			current.cancel("cancelled by the caller", null);
		}
	}

	/** The caller's future: cancelling it cancels the call. */
	static final class Result<T> extends CallFuture<T> {

		private final UnaryCall<?, ?, ?> owner;

		Result(UnaryCall<?, ?, ?> owner, Executor executor) {
			super(executor);
			this.owner = owner;
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			boolean cancelled = super.cancel(mayInterruptIfRunning);
			if (cancelled) {
				this.owner.cancel();
			}
			return cancelled;
		}

	}

}
