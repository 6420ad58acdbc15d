package dev.etcdspring.client.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelFactory;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.socket.SocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import org.jspecify.annotations.Nullable;

/**
 * The client's gRPC channels: one over all endpoints (our {@code etcd:///} resolver,
 * {@code round_robin}), and, created on first use, one per member for calls that must
 * reach that member. All run on the client's event loop and executor, with the same TLS,
 * keepalive and size settings. Every socket they open is marked as the client's (see
 * {@link FrameLogging}) and, while dialling, reports its progress to
 * {@link DialProgress}.
 */
final class Channels {

	private final ClientConfig config;

	private final ClientResources resources;

	private final @Nullable SslContext sslContext;

	private final DialProgress progress = new DialProgress();

	private final ClientEvents events;

	private final EndpointNameResolver.Factory resolverFactory;

	private final ManagedChannel main;

	/**
	 * Channels to single members, for calls that must reach one (status, defragment, …).
	 */
	private final Map<Endpoint, ManagedChannel> members = new ConcurrentHashMap<>();

	private volatile boolean closed;

	/**
	 * Builds the main channel (it connects on first use).
	 * @param config the settings
	 * @param resources the threads to run on
	 * @param sslContext the TLS context for {@code https} endpoints, {@code null} for
	 * plain text
	 * @param events where connections made and lost on the main channel are reported
	 */
	Channels(ClientConfig config, ClientResources resources, @Nullable SslContext sslContext, ClientEvents events) {
		this.config = config;
		this.events = events;
		this.resources = resources;
		this.sslContext = sslContext;
		FrameLogging.install();
		this.resolverFactory = new EndpointNameResolver.Factory(config.endpoints(),
				config.tls() == null || config.tls().authority() == null);
		this.main = configure(true,
				withResolver(
						NettyChannelBuilder
							.forTarget(EndpointNameResolver.SCHEME + ":///" + config.endpoints().get(0).authority()),
						this.resolverFactory)
					.defaultLoadBalancingPolicy("round_robin"))
			.build();
	}

	@SuppressWarnings("deprecation") // a per-channel resolver needs no global
										// registration
	private static NettyChannelBuilder withResolver(NettyChannelBuilder builder, EndpointNameResolver.Factory factory) {
		return builder.nameResolverFactory(factory);
	}

	private NettyChannelBuilder configure(boolean main, NettyChannelBuilder builder) {
		builder.eventLoopGroup(this.resources.eventLoopGroup())
			.channelFactory(new SocketChannels(main && this.events.enabled()))
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
		List<ClientInterceptor> interceptors = this.config.interceptors().interceptors();
		if (!interceptors.isEmpty()) {
			// the builder runs the last interceptor added first; ours run in the order
			// given
			builder.intercept(reversed(interceptors));
		}
		return builder;
	}

	private static List<ClientInterceptor> reversed(List<ClientInterceptor> interceptors) {
		List<ClientInterceptor> reversed = new ArrayList<>(interceptors);
		Collections.reverse(reversed);
		return reversed;
	}

	/**
	 * Makes the sockets: marked as the client's, watched while dialling, and, on the main
	 * channel of a client with listeners, reported when they connect and disconnect.
	 */
	private final class SocketChannels implements ChannelFactory<SocketChannel> {

		private final boolean reported;

		SocketChannels(boolean reported) {
			this.reported = reported;
		}

		@Override
		public SocketChannel newChannel() {
			SocketChannel socket = Channels.this.resources.newSocket();
			socket.attr(FrameLogging.CLIENT_CONNECTION).set(Boolean.TRUE);
			if (this.reported) {
				socket.pipeline().addLast(new ConnectionReporter());
			}
			ChannelInboundHandlerAdapter watcher = Channels.this.progress.handler();
			if (watcher != null) {
				Channels.this.progress.attemptStarted();
				socket.pipeline().addLast(watcher);
			}
			return socket;
		}

	}

	/**
	 * Reports one socket's connection and its loss (not the loss at close), on the event
	 * loop.
	 */
	private final class ConnectionReporter extends ChannelInboundHandlerAdapter {

		private @Nullable String endpoint;

		@Override
		public void channelActive(ChannelHandlerContext ctx) throws Exception {
			this.endpoint = endpointOf(ctx.channel().remoteAddress());
			Channels.this.events.connectionStateChanged(this.endpoint, true);
			super.channelActive(ctx);
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) throws Exception {
			String connected = this.endpoint;
			if (connected != null && !Channels.this.closed) {
				Channels.this.events.connectionStateChanged(connected, false);
			}
			super.channelInactive(ctx);
		}

	}

	private String endpointOf(SocketAddress address) {
		EndpointNameResolver resolver = this.resolverFactory.resolver();
		Endpoint owner = (resolver != null) ? resolver.owner(address) : null;
		if (owner != null) {
			return owner.url();
		}
		return (address instanceof InetSocketAddress inet) ? inet.getHostString() + ":" + inet.getPort()
				: String.valueOf(address);
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
				(e) -> configure(false, NettyChannelBuilder.forAddress(e.host(), e.port())).build());
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
