package dev.etcdspring.client.lease;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.Errors;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.RecordingKeepAliveListener;
import dev.etcdspring.client.error.LeaseLostException;
import dev.etcdspring.client.error.LeaseNotFoundException;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdClusterExtension;
import dev.etcdspring.test.EtcdMember;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

class LeaseTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	static EtcdClient client;

	@BeforeAll
	static void connect() {
		client = EtcdClient.builder().endpoints(etcd.endpoints()).build();
	}

	@AfterAll
	static void close() {
		client.close();
	}

	@Test
	void grantTimeToLiveWithKeysListAndRevoke() {
		String p = "test/lease/grant/" + System.nanoTime() + "/";
		LeaseGrant lease = client.lease().grant(Duration.ofSeconds(30)).join();
		assertThat(lease.ttlSeconds()).isEqualTo(30);
		client.kv().put(PutOp.of(p + "a", "1").withLease(lease.id())).join();
		client.kv().put(PutOp.of(p + "b", "2").withLease(lease.id())).join();
		LeaseTimeToLive ttl = client.lease().timeToLive(lease.id(), true).join();
		assertThat(ttl.exists()).isTrue();
		assertThat(ttl.grantedTtlSeconds()).isEqualTo(30);
		assertThat(ttl.ttlSeconds()).isBetween(1L, 30L);
		assertThat(ttl.keys()).extracting(ByteSequence::toString).containsExactlyInAnyOrder(p + "a", p + "b");
		assertThat(client.kv().get(p + "a").join().first().orElseThrow().lease()).isEqualTo(lease.id());
		assertThat(client.lease().leases().join().ids()).contains(lease.id());

		assertThat(client.lease().keepAliveOnce(lease.id()).join().ttlSeconds()).isEqualTo(30);

		client.lease().revoke(lease.id()).join();
		assertThat(client.kv().get(GetOp.prefix(p).withCountOnly()).join().count()).as("a revoked lease's keys go")
			.isZero();
		assertThat(client.lease().timeToLive(lease.id(), false).join().exists()).isFalse();
		assertThat(catchThrowable(client.lease().keepAliveOnce(lease.id())::join))
			.hasCauseInstanceOf(LeaseNotFoundException.class);
		assertThat(catchThrowable(client.lease().revoke(lease.id())::join))
			.hasCauseInstanceOf(LeaseNotFoundException.class);
	}

	@Test
	void putWithTtlExpires() {
		String key = "test/lease/ttl/" + System.nanoTime();
		client.kv().putWithTtl(PutOp.of(key, "v"), Duration.ofSeconds(2)).join();
		long lease = client.kv().get(key).join().first().orElseThrow().lease();
		assertThat(lease).isNotZero();
		assertThat(client.lease().timeToLive(lease, false).join().grantedTtlSeconds()).isEqualTo(2);
		await().atMost(Duration.ofSeconds(15)).until(() -> client.kv().get(key).join().isEmpty());
	}

	@Test
	void keepAliveRenewsUntilClosedAndReportsRevocationOnce() {
		LeaseGrant lease = client.lease().grant(Duration.ofSeconds(3)).join();
		RecordingKeepAliveListener recorder = new RecordingKeepAliveListener();
		KeepAlive keepAlive = client.lease().keepAlive(lease.id(), recorder);
		// three TTLs later the lease still lives, renewed about every TTL/3
		await().atMost(Duration.ofSeconds(30)).until(() -> recorder.renewals.size() >= 9);
		assertThat(client.lease().timeToLive(lease.id(), false).join().exists()).isTrue();
		assertThat(recorder.renewals).allSatisfy((r) -> assertThat(r.ttlSeconds()).isEqualTo(3));

		client.lease().revoke(lease.id()).join();
		await().atMost(Duration.ofSeconds(10)).until(() -> !recorder.ends.isEmpty());
		assertThat(recorder.ends).singleElement().isInstanceOf(LeaseNotFoundException.class);
		assertThat(keepAlive.isActive()).isFalse();
		assertThat(Errors.endedWith(keepAlive.ended())).isInstanceOf(LeaseNotFoundException.class);

		LeaseGrant other = client.lease().grant(Duration.ofSeconds(2)).join();
		RecordingKeepAliveListener closed = new RecordingKeepAliveListener();
		KeepAlive stopped = client.lease().keepAlive(other.id(), closed);
		await().until(() -> !closed.renewals.isEmpty());
		stopped.close();
		await().atMost(Duration.ofSeconds(15))
			.until(() -> !client.lease().timeToLive(other.id(), false).join().exists());
		assertThat(closed.ends).as("closing is not an error").isEmpty();
	}

	@Test
	void allKeepAlivesShareOneStream() {
		try (EtcdCluster own = EtcdCluster.builder().start();
				EtcdClient counted = EtcdClient.builder().endpoints(own.clientEndpoints()).build()) {
			EtcdMember member = own.member(0);
			List<KeepAlive> keepAlives = new CopyOnWriteArrayList<>();
			RecordingKeepAliveListener recorder = new RecordingKeepAliveListener();
			for (int i = 0; i < 100; i++) {
				long id = counted.lease().grant(Duration.ofSeconds(30)).join().id();
				keepAlives.add(counted.lease().keepAlive(id, recorder));
			}
			await().until(() -> recorder.renewals.size() >= 100);
			assertThat(member.metric("grpc_server_started_total", "grpc_method=\"LeaseKeepAlive\"")).isEqualTo(1);
			keepAlives.forEach(KeepAlive::close);
			// with no lease left the stream is cancelled, so the server ends it too
			await().until(() -> member.metric("grpc_server_handled_total", "grpc_method=\"LeaseKeepAlive\"") == 1);
		}
	}

	@Test
	void aKeepAliveWaitsForTheServersWordWhileASessionIsLostAtItsTtl() {
		try (EtcdCluster own = EtcdCluster.builder().start();
				EtcdClient lonely = EtcdClient.builder().endpoints(own.clientEndpoints()).build()) {
			long id = lonely.lease().grant(Duration.ofSeconds(2)).join().id();
			RecordingKeepAliveListener recorder = new RecordingKeepAliveListener();
			KeepAlive keepAlive = lonely.lease().keepAlive(id, recorder);
			Session session = lonely.lease().newSession(Duration.ofSeconds(2)).join();
			await().until(() -> !recorder.renewals.isEmpty());
			long pausedAt = System.nanoTime();
			own.member(0).pause();
			try {
				Throwable lost = Errors.endedWith(session.ended().orTimeout(30, TimeUnit.SECONDS));
				assertThat(lost).isInstanceOf(LeaseLostException.class).hasMessageContaining("may have expired");
				// twice the TTL without an answer: the keep-alive still waits for the
				// server's word
				await().atMost(Duration.ofSeconds(30))
					.until(() -> System.nanoTime() - pausedAt > TimeUnit.SECONDS.toNanos(4));
				assertThat(recorder.ends).isEmpty();
				assertThat(keepAlive.isActive()).isTrue();
			}
			finally {
				own.member(0).resume();
			}
			// the member decides: it renews the lease, or says it expired while it was
			// stopped
			int before = recorder.renewals.size();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> recorder.renewals.size() > before || !recorder.ends.isEmpty());
			assertThat(recorder.ends).allSatisfy((e) -> assertThat(e).isInstanceOf(LeaseNotFoundException.class));
			keepAlive.close();
		}
	}

	@Test
	void sessionLostTellsItsOwnerAndCloseRevokes() {
		Session session = client.lease().newSession(Duration.ofSeconds(10)).join();
		assertThat(session.isActive()).isTrue();
		client.lease().revoke(session.leaseId()).join();
		assertThat(Errors.endedWith(session.ended())).isInstanceOf(LeaseNotFoundException.class);
		assertThat(session.isActive()).isFalse();

		Session closing = client.lease().newSession(Duration.ofSeconds(30)).join();
		closing.close();
		assertThat(client.lease().timeToLive(closing.leaseId(), false).join().exists()).isFalse();
		assertThat(closing.ended()).isCompletedWithValue(null);
	}

	@Test
	void closingASessionWhileEtcdIsDownWaitsOnlyForTheCloseTimeout() throws InterruptedException {
		try (EtcdCluster own = EtcdCluster.builder().start();
				EtcdClient lonely = EtcdClient.builder()
					.endpoints(own.clientEndpoints())
					.requestTimeout(Duration.ofMinutes(5))
					.closeTimeout(Duration.ofSeconds(1))
					.build()) {
			Session session = lonely.lease().newSession(Duration.ofSeconds(30)).join();
			own.member(0).stop();
			Thread closer = new Thread(session::close, "session-closer");
			closer.start();
			// bounded by the one-second close timeout, not by the five-minute request
			// timeout
			closer.join(TimeUnit.SECONDS.toMillis(60));
			assertThat(closer.isAlive()).as("close() still waiting for the revoke").isFalse();
			assertThat(session.ended()).isCompletedWithValue(null);
			assertThat(session.isActive()).isFalse();
		}
	}

}
