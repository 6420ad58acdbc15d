package dev.etcdspring.client.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.etcdspring.client.error.DialTimeoutException;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.error.TlsException;
import dev.etcdspring.client.internal.proto.AuthGrpc;
import dev.etcdspring.client.internal.proto.MaintenanceGrpc;
import dev.etcdspring.client.internal.proto.StatusRequest;
import dev.etcdspring.client.internal.proto.StatusResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.ClientCalls;

import org.jspecify.annotations.Nullable;

/**
 * Everything one client owns to talk to etcd: the single gRPC channel over all endpoints (and
 * channels to single members when asked for), its own Netty event loop, the callback executor
 * (unless the user supplied one) and a timer thread. Closing shuts the channels down at once, which
 * ends every call and stream in flight (their listeners report a client-closed exception), then
 * shuts the rest down and waits for every thread to end.
 */
public final class Connection implements AutoCloseable {

	private static final System.Logger log = System.getLogger(Connection.class.getName());

	private static final AtomicInteger clientIds = new AtomicInteger();

	private static final ThreadLocal<Connection> ownThread = new ThreadLocal<>();

	private final ClientConfig config;

	private final String name;

	private final EventLoopGroup eventLoopGroup;

	private final @Nullable ExecutorService ownedExecutor;

	private final Executor executor;

	private final ScheduledThreadPoolExecutor scheduler;

	private final EndpointNameResolver.Factory resolverFactory;

	private final ManagedChannel channel;

	private final Class<? extends io.grpc.netty.shaded.io.netty.channel.Channel> channelType;

	private final @Nullable SslContext sslContext;

	/** Channels to single members, for calls that must reach one (status, defragment, …). */
	private final Map<Endpoint, ManagedChannel> endpointChannels = new ConcurrentHashMap<>();

	private final AuthTokens auth;

	private final Deadlines deadlines;

	private final CallOptions callOptions;

	private final Set<ScheduledTask> scheduled = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean closed = new AtomicBoolean();

	/** Every thread this connection created, joined by close. */
	private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

	private Connection(ClientConfig config) {
		this.config = config;
		this.name = "etcd-client-" + clientIds.incrementAndGet();
		// first: bad TLS material fails here, before any thread or event loop exists to be closed
		this.sslContext = config.secure() ? Tls.context(config.tls()) : null;
		int ioThreads = Math.max(1, Math.min(config.endpoints().size(), Runtime.getRuntime().availableProcessors()));
		boolean epoll = Epoll.isAvailable();
		ThreadFactory nettyThreads = new DefaultThreadFactory(this.name + "-io", true);
		ThreadFactory trackedNettyThreads = (runnable) -> track(nettyThreads.newThread(runnable));
		this.eventLoopGroup = new MultiThreadIoEventLoopGroup(ioThreads, trackedNettyThreads,
				epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
		this.channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
		this.scheduler = new ScheduledThreadPoolExecutor(1, threads("timer"));
		this.scheduler.setRemoveOnCancelPolicy(true);
		this.deadlines = new Deadlines(this.scheduler);
		if (config.executor() != null) {
			this.ownedExecutor = null;
			this.executor = config.executor();
		}
		else {
			// one worker per core on a shared queue, more while callbacks block (see CallbackPool)
			this.ownedExecutor = new CallbackPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
					threads("callback"), this.scheduler);
			this.executor = this.ownedExecutor;
		}
		this.resolverFactory = new EndpointNameResolver.Factory(config.endpoints(),
				config.tls() == null || config.tls().authority() == null);
		this.channel = configure(withResolver(
				NettyChannelBuilder.forTarget(EndpointNameResolver.SCHEME + ":///" + config.endpoints().get(0).authority()),
				this.resolverFactory)
			.defaultLoadBalancingPolicy("round_robin")).build();
		this.auth = new AuthTokens(this, config.username(), config.password());
		this.callOptions = CallOptions.DEFAULT.withWaitForReady();
		watchConnectivity();
	}

	/**
	 * Opens the connection (without waiting for it).
	 * @param config the settings
	 * @return the connection
	 */
	public static Connection open(ClientConfig config) {
		return new Connection(config);
	}

	@SuppressWarnings("deprecation") // a per-channel resolver needs no global registration
	private static NettyChannelBuilder withResolver(NettyChannelBuilder builder, EndpointNameResolver.Factory factory) {
		return builder.nameResolverFactory(factory);
	}

	private NettyChannelBuilder configure(NettyChannelBuilder builder) {
		builder.eventLoopGroup(this.eventLoopGroup)
			.channelType(this.channelType)
			.executor(this.executor)
			.offloadExecutor(this.executor)
			.maxInboundMessageSize(this.config.maxInboundMessageSize())
			.idleTimeout(Long.MAX_VALUE, TimeUnit.DAYS)
			.userAgent("etcd-spring");
		if (!this.config.keepAliveTime().isZero()) {
			builder.keepAliveTime(this.config.keepAliveTime().toNanos(), TimeUnit.NANOSECONDS)
				.keepAliveTimeout(this.config.keepAliveTimeout().toNanos(), TimeUnit.NANOSECONDS)
				// etcd's default enforcement policy forbids pings without an open stream
				.keepAliveWithoutCalls(false);
		}
		if (this.sslContext != null) {
			builder.sslContext(this.sslContext);
			if (this.config.tls() != null && this.config.tls().authority() != null) {
				builder.overrideAuthority(this.config.tls().authority());
			}
		}
		else {
			builder.usePlaintext();
		}
		return builder;
	}

	/**
	 * A channel to one member, created on first use and closed with the client.
	 * @param endpoint the member's endpoint
	 * @return the channel
	 */
	Channel channelTo(Endpoint endpoint) {
		if (isClosed()) {
			return this.channel;
		}
		ManagedChannel memberChannel = this.endpointChannels.computeIfAbsent(endpoint,
				(e) -> configure(NettyChannelBuilder.forAddress(e.host(), e.port())).build());
		if (isClosed()) {
			// close() may have shut the others down before this one was added
			memberChannel.shutdownNow();
		}
		return memberChannel;
	}

	private ThreadFactory threads(String role) {
		AtomicInteger count = new AtomicInteger();
		String prefix = this.name + "-" + role + "-";
		return (runnable) -> {
			Thread thread = new Thread(() -> {
				ownThread.set(this);
				runnable.run();
			}, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return track(thread);
		};
	}

	private Thread track(Thread thread) {
		// threads are created rarely (pools reuse them): forget the ones that ended here
		this.threads.removeIf((t) -> t.getState() == Thread.State.TERMINATED);
		this.threads.add(thread);
		return thread;
	}

	/**
	 * Waits until a member is ready, up to the timeout, then authenticates when the client has
	 * credentials. TLS failures end the wait at once.
	 * @param timeout the dial timeout
	 * @throws DialTimeoutException naming every endpoint and the last transport error
	 * @throws TlsException when TLS failed with every endpoint
	 */
	public void connect(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		CompletableFuture<Void> ready = new CompletableFuture<>();
		watchUntilReady(this.channel.getState(true), ready);
		await(ready, deadline, timeout, "connecting");
		if (this.auth.enabled()) {
			await(this.auth.refresh(null), deadline, timeout, "authenticating");
		}
	}

	private void await(CompletableFuture<Void> step, long deadline, Duration timeout, String what) {
		try {
			step.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			if (this.channel.getState(false) == ConnectivityState.READY) {
				// connected: the step that ran out of time came after the connection
				throw new DialTimeoutException("Connected to etcd at " + endpointList() + ", but " + what
						+ " did not complete within the dial timeout of " + Errors.format(timeout)
						+ "; the member may be overloaded or without a leader", null, null, null);
			}
			throw dialTimeout(timeout);
		}
		catch (ExecutionException ex) {
			throw Errors.asEtcdException(ex.getCause(), what + " to " + endpointList());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EtcdException("Interrupted while " + what + " to " + endpointList(), ex);
		}
	}

	private void watchUntilReady(ConnectivityState state, CompletableFuture<Void> ready) {
		if (state == ConnectivityState.READY) {
			ready.complete(null);
		}
		else if (state == ConnectivityState.SHUTDOWN) {
			ready.completeExceptionally(new EtcdException("The channel shut down while connecting", null));
		}
		else if (!ready.isDone()) {
			if (state == ConnectivityState.TRANSIENT_FAILURE) {
				// every endpoint failed: when the reason is TLS, waiting longer will not help
				probe().whenComplete((status, error) -> {
					TlsException tls = (status != null) ? Tls.explain(status, endpointList(), this.config.secure()) : null;
					if (tls != null) {
						ready.completeExceptionally(tls);
					}
				});
			}
			this.channel.notifyWhenStateChanged(state, () -> watchUntilReady(this.channel.getState(false), ready));
		}
	}

	// ---------------------------------------------------------------- reconnect pacing

	/** Pacer delays: 50 ms doubling to 250 ms, so a member that comes back is used within ~0.25 s. */
	private static final long[] PACER_DELAYS_MILLIS = { 50, 100, 200, 250 };

	private final AtomicInteger pacerStep = new AtomicInteger();

	private final AtomicBoolean pacing = new AtomicBoolean();

	/**
	 * gRPC waits 1 s, growing to 2 min, between attempts to reach a member that is down. While no
	 * member is reachable (TRANSIENT_FAILURE) that would leave watches and calls waiting long after
	 * the cluster is back, so the pacer resets gRPC's backoff on its own short schedule. One pacer
	 * runs at a time; it stops when the channel leaves TRANSIENT_FAILURE.
	 */
	private void watchConnectivity() {
		if (isClosed()) {
			return;
		}
		ConnectivityState state = this.channel.getState(false);
		if (state == ConnectivityState.READY) {
			this.pacerStep.set(0);
		}
		else if (state == ConnectivityState.TRANSIENT_FAILURE && this.pacing.compareAndSet(false, true)) {
			schedulePace();
		}
		this.channel.notifyWhenStateChanged(state, this::watchConnectivity);
	}

	private void schedulePace() {
		int step = Math.min(this.pacerStep.getAndIncrement(), PACER_DELAYS_MILLIS.length - 1);
		schedule(() -> {
			if (!isClosed() && this.channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
				this.channel.resetConnectBackoff();
				schedulePace();
			}
			else {
				this.pacing.set(false);
				// the state may have turned back while the flag was still set
				if (!isClosed() && this.channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE
						&& this.pacing.compareAndSet(false, true)) {
					schedulePace();
				}
			}
		}, TimeUnit.MILLISECONDS.toNanos(PACER_DELAYS_MILLIS[step]));
	}

	private DialTimeoutException dialTimeout(Duration timeout) {
		ConnectivityState state = this.channel.getState(false);
		String reason;
		Throwable cause = null;
		if (state == ConnectivityState.TRANSIENT_FAILURE) {
			// a fail-fast call reports the load balancer's last connection error
			Status status = probe().join();
			cause = status.getCause();
			TlsException tls = Tls.explain(status, endpointList(), this.config.secure(), true);
			if (tls != null) {
				throw tls;
			}
			reason = "last error: " + status.getCode() + ": " + status.getDescription()
					+ ((cause != null) ? " (" + cause.getMessage() + ")" : "");
		}
		else {
			reason = "the connection attempt did not complete (state " + state + "): the endpoints accept TCP "
					+ "connections but do not answer the HTTP/2 handshake, or packets are dropped; check that they "
					+ "are etcd client URLs (usually port 2379) and reachable";
		}
		return new DialTimeoutException("Could not connect to any etcd endpoint of " + endpointList() + " within "
				+ Errors.format(timeout) + "; " + reason, null, null, cause);
	}

	/** A fail-fast call: in TRANSIENT_FAILURE it fails at once with the last connection error. */
	private CompletableFuture<Status> probe() {
		ClientCall<StatusRequest, StatusResponse> call = this.channel.newCall(MaintenanceGrpc.getStatusMethod(),
				CallOptions.DEFAULT.withDeadlineAfter(1, TimeUnit.SECONDS));
		CompletableFuture<Status> result = new CompletableFuture<>();
		ClientCalls.asyncUnaryCall(call, StatusRequest.getDefaultInstance(),
				new io.grpc.stub.StreamObserver<StatusResponse>() {
					@Override
					public void onNext(StatusResponse value) {
					}

					@Override
					public void onError(Throwable t) {
						result.complete(Status.fromThrowable(t));
					}

					@Override
					public void onCompleted() {
						result.complete(Status.OK);
					}
				});
		return result;
	}

	/**
	 * Starts a unary call with the client's retry rules.
	 * @param <ReqT> request type
	 * @param <RespT> response type
	 * @param <R> result type
	 * @param method the RPC
	 * @param request the request
	 * @param repeatable whether the request may be sent again after it may have reached a server
	 * @param timeout the deadline
	 * @param converter turns the response into the result, on the callback executor
	 * @return the result; cancelling it cancels the call
	 */
	public <ReqT, RespT, R> CompletableFuture<R> unary(MethodDescriptor<ReqT, RespT> method, ReqT request,
			boolean repeatable, Duration timeout, Function<RespT, R> converter) {
		return new UnaryCall<>(this, this.channel, this.callOptions, method, request, repeatable, timeout, converter)
			.start();
	}

	/**
	 * Starts a unary call to one member, failing fast when it is unreachable (no retry elsewhere).
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
	<ReqT, RespT, R> CompletableFuture<R> unaryTo(Endpoint endpoint, MethodDescriptor<ReqT, RespT> method,
			ReqT request, Duration timeout, Function<RespT, R> converter) {
		return new UnaryCall<>(this, channelTo(endpoint), CallOptions.DEFAULT, method, request, false, timeout,
				converter)
			.start();
	}

	/**
	 * Creates and starts a call with the auth token in its headers; closing the client ends it.
	 * @param <ReqT> request type
	 * @param <RespT> response type
	 * @param method the RPC
	 * @param options the call options
	 * @param listener the response listener
	 * @param headers the request headers
	 * @return the started call
	 */
	<ReqT, RespT> ClientCall<ReqT, RespT> startCall(MethodDescriptor<ReqT, RespT> method, CallOptions options,
			ClientCall.Listener<RespT> listener, Metadata headers) {
		return startCall(this.channel, method, options, listener, headers);
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
	 * Reopens a broken stream: at once with a fresh token when the server rejected the token, else
	 * after the stream's backoff delay.
	 * @param status how the stream ended
	 * @param tokenUsed the token the stream was opened with
	 * @param backoffDelayNanos the delay otherwise
	 * @param reopen opens the stream again
	 * @param authFailed gets the error when authenticating again fails
	 */
	void reopenStream(Status status, @Nullable String tokenUsed, long backoffDelayNanos, Runnable reopen,
			java.util.function.Consumer<EtcdException> authFailed) {
		if (this.auth.enabled() && AuthTokens.isTokenRejected(status)) {
			reauthenticate(tokenUsed, reopen, authFailed);
		}
		else {
			schedule(reopen, backoffDelayNanos);
		}
	}

	/**
	 * Authenticates again after the server rejected a token (once for every caller that used the
	 * same stale token), then runs {@code next} on the callback executor; or hands the failure to
	 * {@code failed}. The one path by which calls and streams renew their token.
	 * @param staleToken the token the server rejected
	 * @param next what to do with the fresh token
	 * @param failed gets the error when authenticating fails
	 */
	void reauthenticate(@Nullable String staleToken, Runnable next,
			java.util.function.Consumer<EtcdException> failed) {
		this.auth.refresh(staleToken).whenComplete((ok, error) -> {
			if (error == null) {
				execute(next);
			}
			else {
				failed.accept(Errors.asEtcdException(error, "Authenticating again"));
			}
		});
	}

	/**
	 * The resolver's endpoints as parsed values.
	 * @return the endpoints in use
	 */
	List<Endpoint> currentEndpoints() {
		EndpointNameResolver resolver = this.resolverFactory.resolver();
		return (resolver != null) ? resolver.endpoints() : this.config.endpoints();
	}

	/**
	 * Replaces the endpoint list without dropping connections to members that stay.
	 * @param endpoints the new list, not empty
	 */
	void updateEndpoints(List<Endpoint> endpoints) {
		EndpointNameResolver resolver = this.resolverFactory.resolver();
		if (resolver != null) {
			resolver.update(endpoints);
		}
	}

	/**
	 * Runs a task on the callback executor after a delay. If the client closes first, the task runs
	 * at once (on the closing thread), so that whatever waits on it learns of the close.
	 * @param task the task
	 * @param delayNanos the delay
	 */
	public void schedule(Runnable task, long delayNanos) {
		ScheduledTask entry = new ScheduledTask(task);
		this.scheduled.add(entry);
		try {
			this.scheduler.schedule(entry, delayNanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			entry.runNow();
		}
		if (isClosed()) {
			entry.runNow();
		}
	}

	/** A delayed task that runs exactly once: when due, or at close. */
	private final class ScheduledTask implements Runnable {

		private final Runnable task;

		ScheduledTask(Runnable task) {
			this.task = task;
		}

		@Override
		public void run() {
			if (Connection.this.scheduled.remove(this)) {
				try {
					Connection.this.executor.execute(this.task);
				}
				catch (RejectedExecutionException ex) {
					this.task.run();
				}
			}
		}

		void runNow() {
			if (Connection.this.scheduled.remove(this)) {
				this.task.run();
			}
		}

	}

	/**
	 * Runs a short, non-blocking task on the timer thread after a delay (dropped at close).
	 * @param task the task
	 * @param delayNanos the delay
	 */
	void scheduleOnTimer(Runnable task, long delayNanos) {
		try {
			this.scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// closed
		}
	}

	Deadlines deadlines() {
		return this.deadlines;
	}

	/**
	 * Runs a task on the callback executor.
	 * @param task the task
	 */
	public void execute(Runnable task) {
		try {
			this.executor.execute(task);
		}
		catch (RejectedExecutionException ex) {
			task.run();
		}
	}

	ClientConfig config() {
		return this.config;
	}

	CallOptions callOptions() {
		return this.callOptions;
	}

	int endpointCount() {
		return currentEndpoints().size();
	}

	/**
	 * The current endpoint URLs.
	 * @return the URLs
	 */
	public List<String> endpoints() {
		return currentEndpoints().stream().map(Endpoint::url).toList();
	}

	private String endpointList() {
		return this.config.endpoints().stream().map(Endpoint::url).collect(Collectors.joining(", ", "[", "]"));
	}

	/**
	 * Whether the channel has a ready member now.
	 * @return whether the channel is READY
	 */
	boolean isReady() {
		return this.channel.getState(false) == ConnectivityState.READY;
	}

	/**
	 * Whether {@link #close()} was called.
	 * @return whether the connection is closed or closing
	 */
	public boolean isClosed() {
		return this.closed.get();
	}

	/**
	 * The client's name, {@code etcd-client-N}, which prefixes its thread names.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Cancels every call and stream, then shuts down the channel, the event loop, the timer and the
	 * owned executor, waiting for each up to the close timeout before forcing it. Idempotent.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		long grace = this.config.closeTimeout().toNanos();
		// every call and stream in flight ends now; their listeners see the client closed and report
		// a ClientClosedException
		this.channel.shutdownNow();
		this.endpointChannels.values().forEach(ManagedChannel::shutdownNow);
		this.scheduler.shutdownNow();
		for (ScheduledTask task : List.copyOf(this.scheduled)) {
			task.runNow();
		}
		try {
			this.channel.awaitTermination(grace, TimeUnit.NANOSECONDS);
			for (ManagedChannel endpointChannel : this.endpointChannels.values()) {
				endpointChannel.awaitTermination(grace, TimeUnit.NANOSECONDS);
			}
			this.scheduler.awaitTermination(grace, TimeUnit.NANOSECONDS);
			boolean onOwnThread = ownThread.get() == this;
			var loopShutdown = this.eventLoopGroup.shutdownGracefully(0, grace, TimeUnit.NANOSECONDS);
			if (!this.eventLoopGroup.next().inEventLoop()) {
				loopShutdown.await(grace, TimeUnit.NANOSECONDS);
			}
			if (this.ownedExecutor != null) {
				this.ownedExecutor.shutdown();
				if (!onOwnThread && !this.ownedExecutor.awaitTermination(grace, TimeUnit.NANOSECONDS)) {
					this.ownedExecutor.shutdownNow();
					log.log(System.Logger.Level.WARNING, this.name + ": callbacks still running after "
							+ Errors.format(this.config.closeTimeout()) + " were interrupted");
				}
			}
			// a pool counts as terminated just before its last thread exits: wait for the threads themselves
			long deadline = System.nanoTime() + grace;
			for (Thread thread : this.threads) {
				if (thread != Thread.currentThread()) {
					TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, deadline - System.nanoTime()));
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			if (this.ownedExecutor != null) {
				this.ownedExecutor.shutdownNow();
			}
		}
	}

}
