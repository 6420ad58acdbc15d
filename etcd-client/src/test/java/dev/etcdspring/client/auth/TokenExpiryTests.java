package dev.etcdspring.client.auth;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.RecordingKeepAliveListener;
import dev.etcdspring.client.RecordingListener;
import dev.etcdspring.client.internal.proto.AuthGrpc;
import dev.etcdspring.client.internal.proto.KVGrpc;
import dev.etcdspring.client.internal.proto.RpcProto.AuthenticateRequest;
import dev.etcdspring.client.internal.proto.RpcProto.RangeRequest;
import dev.etcdspring.client.lease.KeepAlive;
import dev.etcdspring.client.watch.Watch;
import dev.etcdspring.client.watch.WatchOptions;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdMember;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tokens that expire after one idle second: calls, watches and keep-alives go on,
 * re-authenticating as needed, and a watch open across several expiries and a restart
 * loses no event.
 */
class TokenExpiryTests {

	private static final String PASSWORD = "app-Secret-1";

	/**
	 * Waits until a token issued now has expired: every token last used before it has
	 * too.
	 */
	private static void awaitTokenExpiry(EtcdMember member) throws InterruptedException {
		ManagedChannel channel = NettyChannelBuilder.forTarget("127.0.0.1:" + member.clientPort())
			.usePlaintext()
			.build();
		try {
			String probe = AuthGrpc.newBlockingStub(channel)
				.authenticate(AuthenticateRequest.newBuilder().setName("app").setPassword(PASSWORD).build())
				.getToken();
			Metadata headers = new Metadata();
			headers.put(Metadata.Key.of("token", Metadata.ASCII_STRING_MARSHALLER), probe);
			var kv = KVGrpc.newBlockingStub(channel)
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
			RangeRequest range = RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("app/none")).build();
			// every use renews a token, and etcd drops idle tokens once a second: looking
			// more than
			// TTL + 1 s after the last use never keeps the probe alive
			await().atMost(Duration.ofSeconds(30))
				.pollDelay(Duration.ofMillis(2500))
				.pollInterval(Duration.ofMillis(2500))
				.until(() -> {
					try {
						kv.range(range);
						return false;
					}
					catch (StatusRuntimeException ex) {
						return String.valueOf(ex.getStatus().getDescription()).contains("invalid auth token");
					}
				});
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@Test
	@org.junit.jupiter.api.Timeout(120)
	void watchKeepAliveAndCallsSurviveSeveralTokenExpiriesAndARestart() throws Exception {
		try (EtcdCluster cluster = EtcdCluster.builder().arguments("--auth-token-ttl", "1").start()) {
			EtcdMember member = cluster.member(0);
			try (EtcdClient admin = EtcdClient.builder().endpoints(cluster.clientEndpoints()).build()) {
				admin.auth().addUser("root", "root-Secret-1").join();
				admin.auth().grantRole("root", "root").join();
				admin.auth().addUser("app", PASSWORD).join();
				admin.auth().addRole("app").join();
				admin.auth()
					.grantPermission("app", new Permission(Permission.Type.READWRITE, KeyRange.prefix("app/")))
					.join();
				admin.auth().grantRole("app", "app").join();
				admin.auth().enable().join();
			}
			try (EtcdClient watching = EtcdClient.builder()
				.endpoints(cluster.clientEndpoints())
				.username("app")
				.password(PASSWORD)
				.build();
					EtcdClient writing = EtcdClient.builder()
						.endpoints(cluster.clientEndpoints())
						.username("app")
						.password(PASSWORD)
						.build()) {
				double authenticationsBefore = member.metric("grpc_server_handled_total",
						"grpc_method=\"Authenticate\"");
				RecordingListener live = new RecordingListener();
				Watch watch = watching.watch().watch(KeyRange.prefix("app/"), live);
				long start = watch.created().join();
				// renewed every 3.3 s, well past the 1 s token TTL (etcd 3.5 checks the
				// token on every renewal),
				// and long enough to outlast the member's restart below
				long lease = watching.lease().grant(Duration.ofSeconds(10)).join().id();
				RecordingKeepAliveListener keepAlive = new RecordingKeepAliveListener();
				KeepAlive kept = watching.lease().keepAlive(lease, keepAlive);
				int written = 0;
				for (int round = 0; round < 3; round++) {
					for (int i = 0; i < 50; i++) {
						writing.kv().put("app/k", Integer.toString(written++)).join();
					}
					awaitTokenExpiry(member);
					// a new watch on the open stream, whose token is now stale
					RecordingListener extra = new RecordingListener();
					Watch another = watching.watch().watch(KeyRange.key("app/k"), WatchOptions.DEFAULT, extra);
					another.created().get(20, TimeUnit.SECONDS);
					assertThat(extra.errors).isEmpty();
					another.close();
				}
				assertThat(member.metric("grpc_server_handled_total", "grpc_method=\"Authenticate\""))
					.as("the clients authenticated again after each expiry (the probe itself authenticates once a round)")
					.isGreaterThanOrEqualTo(authenticationsBefore + 6);
				member.stop();
				member.start();
				for (int i = 0; i < 50; i++) {
					writing.kv().put("app/k", Integer.toString(written++)).join();
				}
				long end = writing.kv().get("app/k").join().header().revision();

				RecordingListener replay = new RecordingListener();
				try (Watch history = writing.watch()
					.watch(KeyRange.prefix("app/"), WatchOptions.DEFAULT.withStartRevision(start), replay)) {
					await().until(() -> !replay.events.isEmpty()
							&& replay.events.get(replay.events.size() - 1).revision() >= end);
				}
				await().atMost(Duration.ofSeconds(30))
					.until(() -> !live.events.isEmpty() && live.events.get(live.events.size() - 1).revision() >= end);
				assertThat(live.revisions()).isEqualTo(replay.revisions());
				assertThat(live.values()).hasSize(written);
				assertThat(live.errors).isEmpty();
				assertThat(keepAlive.ends).as("the lease was kept alive throughout").isEmpty();
				assertThat(kept.isActive()).isTrue();
				// (after the restart a token may or may not be valid: etcd authenticates
				// through raft, and
				// replaying its log on restart can bring a token back)
				List<String> values = live.values();
				for (int i = 0; i < written; i++) {
					assertThat(values.get(i)).isEqualTo(Integer.toString(i));
				}
			}
		}
	}

}
