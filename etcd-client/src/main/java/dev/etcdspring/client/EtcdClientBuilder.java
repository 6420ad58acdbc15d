package dev.etcdspring.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

import dev.etcdspring.client.error.InvalidEndpointException;
import dev.etcdspring.client.event.EtcdClientListener;
import dev.etcdspring.client.grpc.GrpcInterceptors;
import dev.etcdspring.client.internal.ClientConfig;
import dev.etcdspring.client.internal.DefaultEtcdClient;
import dev.etcdspring.client.internal.Durations;
import dev.etcdspring.client.internal.Endpoint;
import org.jspecify.annotations.Nullable;

/**
 * Settings of an {@link EtcdClient}. Every setting but the endpoints has a default
 * ({@code DEFAULT_…} constants). Invalid values are reported by {@link #build()} with an
 * {@link IllegalArgumentException} that names the setting and the value. Not thread-safe.
 */
public final class EtcdClientBuilder {

	/** Default of {@link #dialTimeout(Duration)}. */
	public static final Duration DEFAULT_DIAL_TIMEOUT = Duration.ofSeconds(5);

	/** Default of {@link #requestTimeout(Duration)}. */
	public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

	/** Default of {@link #keepAliveTime(Duration)}. */
	public static final Duration DEFAULT_KEEP_ALIVE_TIME = Duration.ofSeconds(30);

	/** Default of {@link #keepAliveTimeout(Duration)}. */
	public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * Default of {@link #maxInboundMessageSize(int)}: no practical limit, as in the Go
	 * client.
	 */
	public static final int DEFAULT_MAX_INBOUND_MESSAGE_SIZE = Integer.MAX_VALUE;

	/** Default of {@link #closeTimeout(Duration)}. */
	public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

	private final List<String> endpoints = new ArrayList<>();

	private Duration dialTimeout = DEFAULT_DIAL_TIMEOUT;

	private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

	private Duration keepAliveTime = DEFAULT_KEEP_ALIVE_TIME;

	private Duration keepAliveTimeout = DEFAULT_KEEP_ALIVE_TIMEOUT;

	private int maxInboundMessageSize = DEFAULT_MAX_INBOUND_MESSAGE_SIZE;

	private ByteSequence namespace = ByteSequence.EMPTY;

	private @Nullable Executor executor;

	private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;

	private @Nullable String username;

	private @Nullable String password;

	private @Nullable TlsOptions tls;

	private Duration autoSyncInterval = Duration.ZERO;

	private final List<EtcdClientListener> listeners = new ArrayList<>();

	private GrpcInterceptors interceptors = GrpcInterceptors.NONE;

	EtcdClientBuilder() {
	}

	/**
	 * The client URLs of the cluster's members, such as {@code http://10.0.0.1:2379}; all
	 * {@code http} or all {@code https}. Replaces any set before.
	 * @param urls the URLs
	 * @return this builder
	 */
	public EtcdClientBuilder endpoints(String... urls) {
		return endpoints(List.of(urls));
	}

	/**
	 * The client URLs of the cluster's members. Replaces any set before.
	 * @param urls the URLs
	 * @return this builder
	 */
	public EtcdClientBuilder endpoints(List<String> urls) {
		this.endpoints.clear();
		this.endpoints.addAll(urls);
		return this;
	}

	/**
	 * How long {@link #build()} waits for a member to accept the connection; 5 s by
	 * default.
	 * @param timeout the timeout
	 * @return this builder
	 */
	public EtcdClientBuilder dialTimeout(Duration timeout) {
		this.dialTimeout = timeout;
		return this;
	}

	/**
	 * The deadline of each unary call, retries included; 10 s by default. Services offer
	 * {@code withTimeout(…)} to change it for some calls.
	 * @param timeout the timeout
	 * @return this builder
	 */
	public EtcdClientBuilder requestTimeout(Duration timeout) {
		this.requestTimeout = timeout;
		return this;
	}

	/**
	 * How often to ping a connection with calls or streams open, to find dead
	 * connections; 30 s by default, zero to disable. etcd refuses pings more often than
	 * every 5 s by default ({@code --grpc-keepalive-min-time}).
	 * @param time the interval
	 * @return this builder
	 */
	public EtcdClientBuilder keepAliveTime(Duration time) {
		this.keepAliveTime = time;
		return this;
	}

	/**
	 * How long a ping may go unanswered before the connection counts as dead; 10 s by
	 * default.
	 * @param timeout the timeout
	 * @return this builder
	 */
	public EtcdClientBuilder keepAliveTimeout(Duration timeout) {
		this.keepAliveTimeout = timeout;
		return this;
	}

	/**
	 * The largest response the client accepts, in bytes; unlimited by default.
	 * @param bytes the size
	 * @return this builder
	 */
	public EtcdClientBuilder maxInboundMessageSize(int bytes) {
		this.maxInboundMessageSize = bytes;
		return this;
	}

	/**
	 * A key prefix applied to every key the client sends and removed from every key it
	 * receives, so the application sees only its own part of the key space.
	 * @param prefix the prefix, UTF-8; empty for none
	 * @return this builder
	 */
	public EtcdClientBuilder namespace(String prefix) {
		return namespace(ByteSequence.from(prefix));
	}

	/**
	 * A key prefix applied to every key the client sends and removed from every key it
	 * receives.
	 * @param prefix the prefix; empty for none
	 * @return this builder
	 */
	public EtcdClientBuilder namespace(ByteSequence prefix) {
		this.namespace = Objects.requireNonNull(prefix, "namespace");
		return this;
	}

	/**
	 * Where futures complete and listeners run; by default a pool the client creates and
	 * closes: one worker per core (at least two) on a shared queue, plus a worker
	 * whenever all of them are blocked in callbacks (given back once the queue is empty),
	 * so that a callback that blocks, even on another call of this client, never stops
	 * the others. A given executor is not closed by the client, and must not block the
	 * client's work for long: give it enough threads for callbacks that block.
	 * @param executor the executor
	 * @return this builder
	 */
	public EtcdClientBuilder executor(Executor executor) {
		this.executor = Objects.requireNonNull(executor, "executor");
		return this;
	}

	/**
	 * How long {@link EtcdClient#close()} waits for each resource (channel, event loop,
	 * callbacks) to end gracefully before forcing it; 5 s by default.
	 * @param timeout the timeout
	 * @return this builder
	 */
	public EtcdClientBuilder closeTimeout(Duration timeout) {
		this.closeTimeout = timeout;
		return this;
	}

	/**
	 * The etcd user to authenticate as. The client authenticates when it connects, sends
	 * the token with every call and stream, and authenticates again when the server
	 * rejects the token. A server without auth enabled is used without a token.
	 * @param username the user name
	 * @return this builder
	 */
	public EtcdClientBuilder username(String username) {
		this.username = Objects.requireNonNull(username, "username");
		return this;
	}

	/**
	 * The user's password. It never appears in messages, logs or {@code toString()}.
	 * @param password the password
	 * @return this builder
	 */
	public EtcdClientBuilder password(String password) {
		this.password = Objects.requireNonNull(password, "password");
		return this;
	}

	/**
	 * How to verify members and identify the client over TLS; used with {@code https://}
	 * endpoints, which without this trust the JVM's default trust store.
	 * @param tls the TLS settings
	 * @return this builder
	 */
	public EtcdClientBuilder tls(TlsOptions tls) {
		this.tls = Objects.requireNonNull(tls, "tls");
		return this;
	}

	/**
	 * How often to refresh the endpoint list from the cluster's member list (client URLs
	 * of started, non-learner members), so that members added later are used and a client
	 * configured with one endpoint survives that member's loss. Zero (the default)
	 * disables it. Connections to members that stay are kept.
	 * @param interval the interval
	 * @return this builder
	 */
	public EtcdClientBuilder autoSyncInterval(Duration interval) {
		this.autoSyncInterval = interval;
		return this;
	}

	/**
	 * Adds a listener that hears what happens inside the client: watches, stream reopens,
	 * leases, token refreshes, connections, the callback pool (see
	 * {@link EtcdClientListener}). Several can be added; a client without any does no
	 * work for them. Listeners run on the callback executor, one event at a time, in
	 * order.
	 * @param listener the listener
	 * @return this builder
	 */
	public EtcdClientBuilder listener(EtcdClientListener listener) {
		this.listeners.add(Objects.requireNonNull(listener, "listener"));
		return this;
	}

	/**
	 * Advanced: adds gRPC interceptors to the client's channels, after (inside) any added
	 * before; how the gRPC ecosystem's metrics and tracing instrument the client. See
	 * {@link GrpcInterceptors} for what they see and may do.
	 * @param interceptors the interceptors
	 * @return this builder
	 */
	public EtcdClientBuilder interceptors(GrpcInterceptors interceptors) {
		this.interceptors = this.interceptors.and(Objects.requireNonNull(interceptors, "interceptors"));
		return this;
	}

	/**
	 * Checks the settings, connects, and waits up to the dial timeout for a member to be
	 * ready.
	 * @return the connected client
	 * @throws dev.etcdspring.client.error.InvalidEndpointException when the endpoints are
	 * not usable: one is malformed, the list is empty or it mixes http and https
	 * @throws IllegalArgumentException when another setting is invalid, naming it
	 * @throws dev.etcdspring.client.error.DialTimeoutException when no member was ready
	 * within the dial timeout; the message names every endpoint and the last transport
	 * error
	 * @throws dev.etcdspring.client.error.TlsException when TLS failed with every
	 * endpoint
	 * @throws dev.etcdspring.client.error.AuthFailedException when the user name or
	 * password is wrong
	 */
	public EtcdClient build() {
		return DefaultEtcdClient.connect(config());
	}

	/**
	 * Checks the settings, as {@link #build()} does, and shows what a client would be
	 * built with, without connecting.
	 * @return the settings
	 * @throws dev.etcdspring.client.error.InvalidEndpointException when the endpoints are
	 * not usable
	 * @throws IllegalArgumentException when another setting is invalid, naming it
	 */
	public EtcdClientSettings settings() {
		return new EtcdClientSettings(config());
	}

	ClientConfig config() {
		if (this.endpoints.isEmpty()) {
			throw new InvalidEndpointException("",
					"No etcd endpoints: give at least one client URL, such as http://127.0.0.1:2379");
		}
		List<Endpoint> parsed = new ArrayList<>();
		for (String url : this.endpoints) {
			parsed.add(Endpoint.parse(Objects.requireNonNull(url, "endpoint")));
		}
		if (parsed.stream().map(Endpoint::secure).distinct().count() > 1) {
			throw new InvalidEndpointException(String.join(",", this.endpoints), "The etcd endpoints " + this.endpoints
					+ " mix http and https: one client uses TLS for all members or for none");
		}
		if ((this.username == null) != (this.password == null)) {
			throw new IllegalArgumentException("Give both a user name and a password for etcd authentication, "
					+ "or neither (a user name was " + ((this.username == null) ? "not " : "") + "given)");
		}
		if (this.tls != null && !parsed.get(0).secure()) {
			throw new IllegalArgumentException("TLS settings were given but the endpoints " + this.endpoints
					+ " are http://: use https:// endpoints for TLS");
		}
		if (this.maxInboundMessageSize <= 0) {
			throw new IllegalArgumentException(
					"maxInboundMessageSize must be positive, was " + this.maxInboundMessageSize);
		}
		return new ClientConfig(parsed, Durations.requirePositive("dialTimeout", this.dialTimeout),
				Durations.requirePositive("requestTimeout", this.requestTimeout),
				Durations.requireNotNegative("keepAliveTime", this.keepAliveTime),
				Durations.requirePositive("keepAliveTimeout", this.keepAliveTimeout), this.maxInboundMessageSize,
				this.namespace, this.executor, Durations.requireNotNegative("closeTimeout", this.closeTimeout),
				this.username, this.password, this.tls,
				Durations.requireNotNegative("autoSyncInterval", this.autoSyncInterval), this.listeners,
				this.interceptors);
	}

	@Override
	public String toString() {
		return "EtcdClientBuilder[endpoints=" + this.endpoints + ", dialTimeout=" + this.dialTimeout
				+ ", requestTimeout=" + this.requestTimeout + ", namespace=" + this.namespace + ", username="
				+ this.username + ", password=" + ((this.password != null) ? "******" : "null") + ", tls=" + this.tls
				+ "]";
	}

}
