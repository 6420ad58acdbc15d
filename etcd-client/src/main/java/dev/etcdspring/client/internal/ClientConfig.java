package dev.etcdspring.client.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.TlsOptions;
import dev.etcdspring.client.event.EtcdClientListener;
import dev.etcdspring.client.grpc.GrpcInterceptors;
import org.jspecify.annotations.Nullable;

/**
 * The client's validated settings, as {@link dev.etcdspring.client.EtcdClientBuilder}
 * hands them over.
 *
 * @param endpoints the parsed endpoints, all of one scheme
 * @param dialTimeout how long {@code build()} waits for a ready member
 * @param requestTimeout the default deadline of a unary call
 * @param keepAliveTime interval of HTTP/2 keepalive pings while calls are open; zero
 * disables them
 * @param keepAliveTimeout how long to wait for a ping's answer before the connection
 * counts as dead
 * @param maxInboundMessageSize the largest response accepted, in bytes
 * @param namespace the key prefix applied to every key, possibly empty
 * @param executor where callbacks run; {@code null} for a pool the client owns
 * @param closeTimeout how long {@code close()} waits for each resource to shut down
 * gracefully
 * @param username the etcd user, or {@code null} without authentication
 * @param password the user's password, or {@code null}
 * @param tls TLS settings for https endpoints, or {@code null} for the JVM's defaults
 * @param autoSyncInterval how often to refresh the endpoints from the member list; zero
 * for never
 * @param listeners hear the client's events, possibly none
 * @param interceptors intercept every call on the client's channels, possibly none
 */
public record ClientConfig(List<Endpoint> endpoints, Duration dialTimeout, Duration requestTimeout,
		Duration keepAliveTime, Duration keepAliveTimeout, int maxInboundMessageSize, ByteSequence namespace,
		@Nullable Executor executor, Duration closeTimeout, @Nullable String username, @Nullable String password,
		@Nullable TlsOptions tls, Duration autoSyncInterval, List<EtcdClientListener> listeners,
		GrpcInterceptors interceptors) {

	/**
	 * Copies the endpoint list.
	 * @param endpoints the parsed endpoints
	 * @param dialTimeout the dial timeout
	 * @param requestTimeout the request timeout
	 * @param keepAliveTime the keepalive interval
	 * @param keepAliveTimeout the keepalive timeout
	 * @param maxInboundMessageSize the largest response
	 * @param namespace the key prefix
	 * @param executor the callback executor, or {@code null}
	 * @param closeTimeout the close grace period
	 * @param username the etcd user, or {@code null}
	 * @param password the password, or {@code null}
	 * @param tls the TLS settings, or {@code null}
	 * @param autoSyncInterval the auto-sync interval, zero for never
	 * @param listeners the event listeners
	 * @param interceptors the gRPC interceptors
	 */
	public ClientConfig {
		endpoints = List.copyOf(endpoints);
		listeners = List.copyOf(listeners);
	}

	@Override
	public String toString() {
		// never the password
		return "ClientConfig[endpoints=" + this.endpoints + ", username=" + this.username + ", tls=" + this.tls + "]";
	}

	boolean secure() {
		return this.endpoints.get(0).secure();
	}

}
