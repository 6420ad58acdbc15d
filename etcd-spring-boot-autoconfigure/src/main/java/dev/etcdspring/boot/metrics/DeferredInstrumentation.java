package dev.etcdspring.boot.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.event.CallbackPoolStats;
import dev.etcdspring.client.event.EtcdClientListener;
import dev.etcdspring.client.event.StreamKind;
import dev.etcdspring.client.grpc.GrpcInterceptors;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.MethodDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * Instrumentation for a client that is built before it can be decided: the client that
 * {@code spring.config.import=etcd:} connects during start-up, before any meter or
 * observation registry exists, and that becomes the application's client. The client is
 * built with {@link #interceptors()} and {@link #listener()}, which do nothing until
 * {@link EtcdClientInstrumentation#instrument(String, DeferredInstrumentation)} fills
 * them in. The listener remembers the callback pool and the endpoints' connection states
 * it heard of before, and tells them to the meters when they arrive. Until then each call
 * costs one volatile read. Thread-safe.
 */
public final class DeferredInstrumentation {

	private volatile List<ClientInterceptor> chain = List.of();

	private final Forwarding listener = new Forwarding();

	/**
	 * The interceptors to build the client with: one that runs the chain given later.
	 * @return the interceptors
	 */
	public GrpcInterceptors interceptors() {
		return GrpcInterceptors.of(new ClientInterceptor() {
			@Override
			public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
					CallOptions callOptions, Channel next) {
				List<ClientInterceptor> current = DeferredInstrumentation.this.chain;
				if (current.isEmpty()) {
					return next.newCall(method, callOptions);
				}
				return ClientInterceptors.intercept(next, current).newCall(method, callOptions);
			}
		});
	}

	/**
	 * The listener to build the client with: one that tells the listener given later.
	 * @return the listener
	 */
	public EtcdClientListener listener() {
		return this.listener;
	}

	/**
	 * Fills the instrumentation in; the first interceptor runs first.
	 * @param interceptors the interceptors
	 * @param listener the listener, or {@code null}
	 */
	void set(List<ClientInterceptor> interceptors, @Nullable EtcdClientListener listener) {
		// ClientInterceptors.intercept runs the last one first
		List<ClientInterceptor> reversed = new java.util.ArrayList<>(interceptors);
		java.util.Collections.reverse(reversed);
		this.chain = List.copyOf(reversed);
		if (listener != null) {
			this.listener.attach(listener);
		}
	}

	/**
	 * Forwards to the listener once there is one; replays what it needs to know from
	 * before.
	 */
	private static final class Forwarding implements EtcdClientListener {

		private @Nullable EtcdClientListener target;

		private @Nullable CallbackPoolStats pool;

		private final Map<String, Boolean> connections = new LinkedHashMap<>();

		synchronized void attach(EtcdClientListener listener) {
			this.target = listener;
			if (this.pool != null) {
				listener.callbackPoolStarted(this.pool);
			}
			this.connections.forEach((endpoint, connected) -> {
				if (connected) {
					listener.connectionStateChanged(endpoint, true);
				}
			});
		}

		@Override
		public synchronized void callbackPoolStarted(CallbackPoolStats pool) {
			this.pool = pool;
			if (this.target != null) {
				this.target.callbackPoolStarted(pool);
			}
		}

		@Override
		public synchronized void connectionStateChanged(String endpoint, boolean connected) {
			this.connections.put(endpoint, connected);
			if (this.target != null) {
				this.target.connectionStateChanged(endpoint, connected);
			}
		}

		private synchronized @Nullable EtcdClientListener target() {
			return this.target;
		}

		@Override
		public void streamReopened(StreamKind stream) {
			EtcdClientListener current = target();
			if (current != null) {
				current.streamReopened(stream);
			}
		}

		@Override
		public void watchCreated() {
			EtcdClientListener current = target();
			if (current != null) {
				current.watchCreated();
			}
		}

		@Override
		public void watchResumed() {
			EtcdClientListener current = target();
			if (current != null) {
				current.watchResumed();
			}
		}

		@Override
		public void watchEnded(boolean created, @Nullable EtcdException error) {
			EtcdClientListener current = target();
			if (current != null) {
				current.watchEnded(created, error);
			}
		}

		@Override
		public void watchEventsReceived(int count) {
			EtcdClientListener current = target();
			if (current != null) {
				current.watchEventsReceived(count);
			}
		}

		@Override
		public void keepAliveStarted(long leaseId) {
			EtcdClientListener current = target();
			if (current != null) {
				current.keepAliveStarted(leaseId);
			}
		}

		@Override
		public void leaseRenewed(long leaseId, long ttlSeconds) {
			EtcdClientListener current = target();
			if (current != null) {
				current.leaseRenewed(leaseId, ttlSeconds);
			}
		}

		@Override
		public void keepAliveFailed(long leaseId) {
			EtcdClientListener current = target();
			if (current != null) {
				current.keepAliveFailed(leaseId);
			}
		}

		@Override
		public void keepAliveEnded(long leaseId) {
			EtcdClientListener current = target();
			if (current != null) {
				current.keepAliveEnded(leaseId);
			}
		}

		@Override
		public void leaseLost(long leaseId, EtcdException reason) {
			EtcdClientListener current = target();
			if (current != null) {
				current.leaseLost(leaseId, reason);
			}
		}

		@Override
		public void clientClosed() {
			EtcdClientListener current = target();
			if (current != null) {
				current.clientClosed();
			}
		}

		@Override
		public void authTokenRefreshed(@Nullable EtcdException error) {
			EtcdClientListener current = target();
			if (current != null) {
				current.authTokenRefreshed(error);
			}
		}

	}

}
