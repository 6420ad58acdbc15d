package dev.etcdspring.client.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelFactory;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.socket.SocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;

import org.jspecify.annotations.Nullable;

/**
 * The client's gRPC channels: one over all endpoints (our {@code etcd:///} resolver,
 * {@code round_robin}), and, created on first use, one per member for calls that must reach that
 * member. All run on the client's event loop and executor, with the same TLS, keepalive and size
 * settings. Every socket they open is marked as the client's (see {@link FrameLogging}) and, while
 * dialling, reports its progress to {@link DialProgress}.
 */
final class Channels {

	private final ClientConfig config;

	private final ClientResources resources;

	private final @Nullable SslContext sslContext;

	private final DialProgress progress = new DialProgress();

	private final EndpointNameResolver.Factory resolverFactory;

	private final ManagedChannel main;

	/** Channels to single members, for calls that must reach one (status, defragment, …). */
	private final Map<Endpoint, ManagedChannel> members = new ConcurrentHashMap<>();

	private volatile boolean closed;

	/**
	 * Builds the main channel (it connects on first use).
	 * @param config the settings
	 * @param resources the threads to run on
	 * @param sslContext the TLS context for {@code https} endpoints, {@code null} for plain text
	 */
	Channels(ClientConfig config, ClientResources resources, @Nullable SslContext sslContext) {
		this.config = config;
		this.resources = resources;
		this.sslContext = sslContext;
		FrameLogging.install();
		this.resolverFactory = new EndpointNameResolver.Factory(config.endpoints(),
				config.tls() == null || config.tls().authority() == null);
		this.main = configure(withResolver(
				NettyChannelBuilder.forTarget(EndpointNameResolver.SCHEME + ":///" + config.endpoints().get(0).authority()),
				this.resolverFactory)
			.defaultLoadBalancingPolicy("round_robin")).build();
	}

	@SuppressWarnings("deprecation") // a per-channel resolver needs no global registration
	private static NettyChannelBuilder withResolver(NettyChannelBuilder builder, EndpointNameResolver.Factory factory) {
		return builder.nameResolverFactory(factory);
	}

	private NettyChannelBuilder configure(NettyChannelBuilder builder) {
		builder.eventLoopGroup(this.resources.eventLoopGroup())
			.channelFactory(new SocketChannels())
			.executor(this.resources.executor())
			.offloadExecutor(this.resources.executor())
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

	/** Makes the sockets: marked as the client's, and watched while dialling. */
	private final class SocketChannels implements ChannelFactory<SocketChannel> {

		@Override
		public SocketChannel newChannel() {
			SocketChannel socket = Channels.this.resources.newSocket();
			socket.attr(FrameLogging.CLIENT_CONNECTION).set(Boolean.TRUE);
			ChannelInboundHandlerAdapter watcher = Channels.this.progress.handler();
			if (watcher != null) {
				Channels.this.progress.attemptStarted();
				socket.pipeline().addLast(watcher);
			}
			return socket;
		}

	}

	ManagedChannel main() {
		return this.main;
	}

	DialProgress progress() {
		return this.progress;
	}

	/**
	 * A channel to one member, created on first use and closed with the client.
	 * @param endpoint the member's endpoint
	 * @return the channel
	 */
	Channel to(Endpoint endpoint) {
		if (this.closed) {
			return this.main;
		}
		ManagedChannel member = this.members.computeIfAbsent(endpoint,
				(e) -> configure(NettyChannelBuilder.forAddress(e.host(), e.port())).build());
		if (this.closed) {
			// shutdownNow() may have shut the others down before this one was added
			member.shutdownNow();
		}
		return member;
	}

	/**
	 * The resolver's endpoints.
	 * @return the endpoints in use
	 */
	List<Endpoint> endpoints() {
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

	/** Ends every call and stream at once: their listeners see the channel shut down. */
	void shutdownNow() {
		this.closed = true;
		this.main.shutdownNow();
		this.members.values().forEach(ManagedChannel::shutdownNow);
	}

	/**
	 * Waits for the channels to terminate after {@link #shutdownNow()}.
	 * @param graceNanos how long to wait for each
	 * @throws InterruptedException when interrupted
	 */
	void awaitTermination(long graceNanos) throws InterruptedException {
		this.main.awaitTermination(graceNanos, TimeUnit.NANOSECONDS);
		for (ManagedChannel member : this.members.values()) {
			member.awaitTermination(graceNanos, TimeUnit.NANOSECONDS);
		}
	}

}
