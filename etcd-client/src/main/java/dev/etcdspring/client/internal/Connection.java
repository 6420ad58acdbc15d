package dev.etcdspring.client.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.etcdspring.client.error.DialTimeoutException;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.error.TlsException;
import dev.etcdspring.client.event.CallbackPoolStats;
import dev.etcdspring.client.internal.proto.AuthGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import org.jspecify.annotations.Nullable;

/**
 * What the services of one client share: the channels ({@link Channels}), the threads
 * ({@link ClientResources}), the auth token ({@link AuthTokens}) and the deadlines of
 * calls in flight ({@link Deadlines}); and the two ways to talk to etcd: unary calls with
 * the client's retry rules ({@link UnaryCall}) and started streams that re-authenticate
 * and reopen through one path.
 *
 * <p>
 * Closing shuts the channels down at once, which ends every call and stream in flight
 * (their listeners report a client-closed exception), runs every scheduled task, then
 * ends every thread.
 */
final class Connection implements AutoCloseable {

	private static final AtomicInteger clientIds = new AtomicInteger();

	private final ClientConfig config;

	private final String name;

	private final ClientResources resources;

	private final Channels channels;

	private final ReconnectPacer pacer;

	private final AuthTokens auth;

	private final Deadlines deadlines;

	private final ClientEvents events;

	/**
	 * Runs a task where it is handed over: the transport's thread, for the client's own
	 * listeners.
	 */
	private static final Executor DIRECT = Runnable::run;

	/**
	 * Calls and streams wait for a ready member, and their listeners run on the
	 * transport's thread: they do the client's own short work (convert, decide a retry,
	 * queue for delivery) and hand whatever runs the application's code to the callback
	 * executor.
	 */
	private final CallOptions callOptions = CallOptions.DEFAULT.withWaitForReady().withExecutor(DIRECT);

	private final AtomicBoolean closed = new AtomicBoolean();

	private Connection(ClientConfig config, @Nullable SslContext sslContext) {
		this.config = config;
		this.name = "etcd-client-" + clientIds.incrementAndGet();
		int ioThreads = Math.max(1, Math.min(config.endpoints().size(), Runtime.getRuntime().availableProcessors()));
		this.resources = new ClientResources(this.name, ioThreads, config.executor());
		this.events = new ClientEvents(config.listeners(), this.resources.executor());
		CallbackPoolStats pool = this.resources.callbackPoolStats();
		if (pool != null) {
			this.events.callbackPoolStarted(pool);
		}
		this.channels = new Channels(config, this.resources, sslContext, this.events);
		this.deadlines = new Deadlines(this.resources.timer());
		this.auth = new AuthTokens(this, config.username(), config.password());
		this.pacer = new ReconnectPacer(this.channels.main(), this.resources);
		this.pacer.start();
	}

	/**
	 * Opens the connection (without waiting for it). TLS material is checked first,
	 * before any thread exists that would need closing.
	 * @param config the settings
	 * @return the connection
	 * @throws TlsException when the TLS material cannot be used
	 */
	static Connection open(ClientConfig config) {
		SslContext sslContext = config.secure() ? Tls.context(config.tls()) : null;
		return new Connection(config, sslContext);
	}

	/**
	 * Waits until a member is ready, then authenticates when the client has credentials.
	 * @param timeout the dial timeout, counted from the first connection attempt
	 * @throws DialTimeoutException naming every endpoint and what was missing
	 * @throws TlsException when TLS failed with every endpoint
	 */
	void connect(Duration timeout) {
		new Dialer(this.channels, this.config, this.auth).connect(timeout);
	}

	// ---------------------------------------------------------------- calls

	/**
	 * Starts a unary call with the client's retry rules.
	 * @param <ReqT> request type
	 * @param <RespT> response type
	 * @param <R> result type
	 * @param method the RPC
	 * @param request the request
	 * @param repeatable whether the request may be sent again after it may have reached a
	 * server
	 * @param timeout the deadline
	 * @param converter turns the response into the result, on the callback executor
	 * @return the result; cancelling it cancels the call
	 */
	<ReqT, RespT, R> CompletableFuture<R> unary(MethodDescriptor<ReqT, RespT> method, ReqT request, boolean repeatable,
			Duration timeout, Function<RespT, R> converter) {
		return new UnaryCall<>(this, this.channels.main(), this.callOptions, method, request, repeatable, timeout,
				converter)
			.start();
	}

	/**
	 * Starts a unary call to one member, failing fast when it is unreachable (no retry
	 * elsewhere).
	 * @param <ReqT> request type
	 * @param <RespT> response type
	 * @param <R> result type
	 * @param endpoint the member
	 * @param method the RPC
	 * @param request the request
	 * @param timeout the deadline
	 * @param converter turns the response into the result
	 * @return the result
	 */
	<ReqT, RespT, R> CompletableFuture<R> unaryTo(Endpoint endpoint, MethodDescriptor<ReqT, RespT> method, ReqT request,
			Duration timeout, Function<RespT, R> converter) {
		return new UnaryCall<>(this, this.channels.to(endpoint), CallOptions.DEFAULT.withExecutor(DIRECT), method,
				request, false, timeout, converter)
			.start();
	}

	/**
	 * Creates and starts a call on the main channel with the auth token in its headers;
	 * closing the client ends it.
	 * @param <ReqT> request type
	 * @param <RespT> response type
	 * @param method the RPC
	 * @param listener the response listener
	 * @param headers the request headers
	 * @return the started call
	 */
	<ReqT, RespT> ClientCall<ReqT, RespT> startCall(MethodDescriptor<ReqT, RespT> method,
			ClientCall.Listener<RespT> listener, Metadata headers) {
		return startCall(this.channels.main(), method, this.callOptions, listener, headers);
	}

	/**
	 * Like {@link #startCall(MethodDescriptor, ClientCall.Listener, Metadata)}, for a
	 * listener that runs the application's code (writes to its stream): it runs on the
	 * callback executor.
	 * @param <ReqT> request type
	 * @param <RespT> response type
	 * @param method the RPC
	 * @param listener the response listener
	 * @param headers the request headers
	 * @return the started call
	 */
	<ReqT, RespT> ClientCall<ReqT, RespT> startCallOnExecutor(MethodDescriptor<ReqT, RespT> method,
			ClientCall.Listener<RespT> listener, Metadata headers) {
		return startCall(this.channels.main(), method, this.callOptions.withExecutor(callbackExecutor()), listener,
				headers);
	}

	<ReqT, RespT> ClientCall<ReqT, RespT> startCall(Channel target, MethodDescriptor<ReqT, RespT> method,
			CallOptions options, ClientCall.Listener<RespT> listener, Metadata headers) {
		if (method != AuthGrpc.getAuthenticateMethod()) {
			this.auth.apply(headers);
		}
		ClientCall<ReqT, RespT> call = target.newCall(method, options);
		call.start(listener, headers);
		return call;
	}

	AuthTokens auth() {
		return this.auth;
	}

	/**
	 * Where the client's events go.
	 * @return the dispatcher, a no-op without listeners
	 */
	ClientEvents events() {
		return this.events;
	}

	Deadlines deadlines() {
		return this.deadlines;
	}

	/**
	 * Reopens a broken stream: at once with a fresh token when the server rejected the
	 * token, else after the stream's backoff delay.
	 * @param status how the stream ended
	 * @param tokenUsed the token the stream was opened with
	 * @param backoffDelayNanos the delay otherwise
	 * @param reopen opens the stream again
	 * @param authFailed gets the error when authenticating again fails
	 */
	void reopenStream(Status status, @Nullable String tokenUsed, long backoffDelayNanos, Runnable reopen,
			Consumer<EtcdException> authFailed) {
		if (this.auth.enabled() && AuthTokens.isTokenRejected(status)) {
			reauthenticate(tokenUsed, reopen, authFailed);
		}
		else {
			schedule(reopen, backoffDelayNanos);
		}
	}

	/**
	 * Authenticates again after the server rejected a token (once for every caller that
	 * used the same stale token), then runs {@code next} on the callback executor; or
	 * hands the failure to {@code failed}. The one path by which calls and streams renew
	 * their token.
	 * @param staleToken the token the server rejected
	 * @param next what to do with the fresh token
	 * @param failed gets the error when authenticating fails
	 */
	void reauthenticate(@Nullable String staleToken, Runnable next, Consumer<EtcdException> failed) {
		this.auth.refresh(staleToken).whenComplete((ok, error) -> {
			if (error == null) {
				execute(next);
			}
			else {
				failed.accept(Errors.asEtcdException(error, "Authenticating again"));
			}
		});
	}

	// ---------------------------------------------------------------- threads

	/**
	 * Runs a task on the callback executor after a delay. If the client closes first, the
	 * task runs at once (on the closing thread), so that whatever waits on it learns of
	 * the close.
	 * @param task the task
	 * @param delayNanos the delay
	 */
	void schedule(Runnable task, long delayNanos) {
		this.resources.schedule(task, delayNanos);
	}

	/**
	 * Runs a task on the callback executor.
	 * @param task the task
	 */
	void execute(Runnable task) {
		this.resources.execute(task);
	}

	/**
	 * The callback executor (it never rejects a task).
	 * @return the executor
	 */
	Executor callbackExecutor() {
		return this.resources.executor();
	}

	// ---------------------------------------------------------------- state

	ClientConfig config() {
		return this.config;
	}

	CallOptions callOptions() {
		return this.callOptions;
	}

	/**
	 * The resolver's endpoints as parsed values.
	 * @return the endpoints in use
	 */
	List<Endpoint> currentEndpoints() {
		return this.channels.endpoints();
	}

	/**
	 * Replaces the endpoint list without dropping connections to members that stay.
	 * @param endpoints the new list, not empty
	 */
	void updateEndpoints(List<Endpoint> endpoints) {
		this.channels.updateEndpoints(endpoints);
	}

	int endpointCount() {
		return currentEndpoints().size();
	}

	/**
	 * The current endpoint URLs.
	 * @return the URLs
	 */
	List<String> endpoints() {
		return currentEndpoints().stream().map(Endpoint::url).toList();
	}

	/**
	 * Whether the channel has a ready member now.
	 * @return whether the channel is READY
	 */
	boolean isReady() {
		return this.channels.main().getState(false) == ConnectivityState.READY;
	}

	/**
	 * Whether {@link #close()} was called.
	 * @return whether the connection is closed or closing
	 */
	boolean isClosed() {
		return this.closed.get();
	}

	/**
	 * The client's name, {@code etcd-client-N}, which prefixes its thread names.
	 * @return the name
	 */
	String name() {
		return this.name;
	}

	/**
	 * Cancels every call and stream, then shuts down the channels, the timer, the event
	 * loop and the owned executor, waiting for each up to the close timeout before
	 * forcing it. Idempotent.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		long grace = this.config.closeTimeout().toNanos();
		this.pacer.stop();
		// every call and stream in flight ends now; their listeners see the client closed
		// and report
		// a ClientClosedException
		this.channels.shutdownNow();
		this.resources.stopTimer();
		try {
			this.channels.awaitTermination(grace);
			this.resources.close(grace, Errors.format(this.config.closeTimeout()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		// the executor is shut down: the event runs on this thread, after every other
		this.events.clientClosed();
	}

}
