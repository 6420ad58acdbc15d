package dev.etcdspring.client.event;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.error.LeaseNotFoundException;
import dev.etcdspring.client.grpc.GrpcInterceptors;
import dev.etcdspring.client.lease.KeepAlive;
import dev.etcdspring.client.lease.KeepAliveListener;
import dev.etcdspring.client.watch.Watch;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdClusterExtension;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.MethodDescriptor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client's extension points against a real etcd: listeners hear watches, leases,
 * connections and the callback pool on the callback executor, and interceptors see every
 * call in the order given.
 */
class EtcdClientListenerTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	private static final Duration WAIT = Duration.ofSeconds(20);

	@Test
	void listenerHearsWatchesLeasesConnectionsAndThePool() {
		Recording events = new Recording();
		try (EtcdClient client = EtcdClient.builder()
			.endpoints(etcd.cluster().clientEndpoint())
			.listener(events)
			.build()) {
			await().atMost(WAIT).until(() -> events.names().contains("connected " + etcd.cluster().clientEndpoint()));
			assertThat(events.names().get(0)).isEqualTo("pool");
			assertThat(events.pool.get().baseSize()).isGreaterThanOrEqualTo(2);
			assertThat(events.pool.get().completedCount()).isPositive();

			Watch watch = client.watch().watch("listener/w", (response) -> {
			});
			watch.created().join();
			client.kv().put("listener/w", "1").join();
			await().atMost(WAIT).until(() -> events.names().contains("events 1"));
			watch.close();
			await().atMost(WAIT).until(() -> events.names().contains("watchEnded true null"));
			assertThat(events.names()).containsSubsequence("watchCreated", "events 1", "watchEnded true null");

			long lease = client.lease().grant(Duration.ofSeconds(30)).join().id();
			KeepAlive keepAlive = client.lease().keepAlive(lease, new KeepAliveListener() {
			});
			await().atMost(WAIT).until(() -> events.names().contains("renewed " + lease));
			client.lease().revoke(lease).join();
			await().atMost(WAIT).until(() -> events.names().contains("lost " + lease));
			assertThat(keepAlive.isActive()).isFalse();
			assertThat(events.names()).containsSubsequence("keepAliveStarted " + lease, "renewed " + lease,
					"lost " + lease);
			assertThat(events.names()).contains("keepAliveEnded " + lease);
			assertThat(events.lostReason.get()).isInstanceOf(LeaseNotFoundException.class);
		}
		assertThat(events.names()).last().isEqualTo("closed");
		assertThat(events.threads).filteredOn((thread) -> !thread.equals(Thread.currentThread().getName()))
			.allSatisfy((thread) -> assertThat(thread).contains("-callback-"));
		assertThat(events.names()).doesNotContain("disconnected " + etcd.cluster().clientEndpoint());
	}

	@Test
	void listenerThatThrowsDoesNotKeepTheOthersFromEvents() {
		Recording events = new Recording();
		EtcdClientListener failing = new EtcdClientListener() {
			@Override
			public void watchCreated() {
				throw new IllegalStateException("listener bug");
			}
		};
		try (EtcdClient client = EtcdClient.builder()
			.endpoints(etcd.cluster().clientEndpoint())
			.listener(failing)
			.listener(events)
			.build()) {
			client.watch().watch("listener/throws", (response) -> {
			}).created().join();
			await().atMost(WAIT).until(() -> events.names().contains("watchCreated"));
		}
	}

	@Test
	void killedMemberIsReportedAndTheWatchStreamReopens() {
		try (EtcdCluster single = EtcdCluster.builder().start()) {
			Recording events = new Recording();
			String endpoint = single.clientEndpoint();
			try (EtcdClient client = EtcdClient.builder().endpoints(endpoint).listener(events).build()) {
				client.watch().watch("listener/reopen", (response) -> {
				}).created().join();
				single.member(0).kill();
				await().atMost(WAIT)
					.until(() -> events.names().contains("disconnected " + endpoint)
							&& events.names().contains("reopened WATCH"));
				single.member(0).start();
				await().atMost(WAIT).until(() -> events.names().contains("watchResumed"));
				assertThat(events.names()).containsSubsequence("connected " + endpoint, "disconnected " + endpoint,
						"connected " + endpoint);
			}
		}
	}

	@Test
	void interceptorsSeeEveryCallInTheOrderGiven() {
		List<String> seen = new CopyOnWriteArrayList<>();
		try (EtcdClient client = EtcdClient.builder()
			.endpoints(etcd.cluster().clientEndpoint())
			.interceptors(GrpcInterceptors.of(new Recorder("outer", seen)))
			.interceptors(GrpcInterceptors.of(new Recorder("inner", seen)))
			.build()) {
			seen.clear();
			client.kv().put("interceptors/key", "v").join();
			client.kv().get("interceptors/key").join();
			client.maintenance().status(etcd.cluster().clientEndpoint()).join();
		}
		assertThat(seen).containsSubsequence("outer Put", "inner Put", "inner key interceptors/key", "outer Range",
				"inner Range", "inner key interceptors/key", "outer Status", "inner Status");
	}

	/**
	 * Records method names, and the key of each request with
	 * {@link GrpcInterceptors#requestKey}.
	 */
	private record Recorder(String name, List<String> seen) implements ClientInterceptor {

		@Override
		public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
			this.seen.add(this.name + " " + method.getBareMethodName());
			return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
				@Override
				public void sendMessage(Q message) {
					String key = GrpcInterceptors.requestKey(message);
					if (key != null) {
						Recorder.this.seen.add(Recorder.this.name + " key " + key);
					}
					super.sendMessage(message);
				}
			};
		}

	}

	/** Records every event as a short line, and the thread it came on. */
	static final class Recording implements EtcdClientListener {

		final Queue<String> lines = new ConcurrentLinkedQueue<>();

		final Queue<String> threads = new ConcurrentLinkedQueue<>();

		final AtomicReference<CallbackPoolStats> pool = new AtomicReference<>();

		final AtomicReference<EtcdException> lostReason = new AtomicReference<>();

		List<String> names() {
			return List.copyOf(this.lines);
		}

		private void add(String line) {
			this.threads.add(Thread.currentThread().getName());
			this.lines.add(line);
		}

		@Override
		public void callbackPoolStarted(CallbackPoolStats pool) {
			this.pool.set(pool);
			add("pool");
		}

		@Override
		public void connectionStateChanged(String endpoint, boolean connected) {
			add((connected ? "connected " : "disconnected ") + endpoint);
		}

		@Override
		public void streamReopened(StreamKind stream) {
			add("reopened " + stream);
		}

		@Override
		public void watchCreated() {
			add("watchCreated");
		}

		@Override
		public void watchResumed() {
			add("watchResumed");
		}

		@Override
		public void watchEnded(boolean created, @Nullable EtcdException error) {
			add("watchEnded " + created + " " + ((error != null) ? error.getClass().getSimpleName() : "null"));
		}

		@Override
		public void watchEventsReceived(int count) {
			add("events " + count);
		}

		@Override
		public void keepAliveStarted(long leaseId) {
			add("keepAliveStarted " + leaseId);
		}

		@Override
		public void leaseRenewed(long leaseId, long ttlSeconds) {
			add("renewed " + leaseId);
		}

		@Override
		public void keepAliveFailed(long leaseId) {
			add("keepAliveFailed " + leaseId);
		}

		@Override
		public void keepAliveEnded(long leaseId) {
			add("keepAliveEnded " + leaseId);
		}

		@Override
		public void leaseLost(long leaseId, EtcdException reason) {
			this.lostReason.set(reason);
			add("lost " + leaseId);
		}

		@Override
		public void clientClosed() {
			add("closed");
		}

		@Override
		public void authTokenRefreshed(@Nullable EtcdException error) {
			add("token " + error);
		}

	}

}
