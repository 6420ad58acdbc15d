package dev.etcdspring.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class EtcdClusterTests {

	@Test
	void singleMemberStartsHealthyOnLoopbackAndCleansUp() {
		Path dataDirectory;
		long pid;
		try (EtcdCluster etcd = EtcdCluster.builder().start()) {
			assertThat(etcd.clientEndpoints()).singleElement().asString().startsWith("http://127.0.0.1:");
			EtcdMember member = etcd.member(0);
			assertThat(member.isHealthy()).isTrue();
			assertThat(member.isLeader()).isTrue();
			dataDirectory = member.dataDirectory();
			assertThat(dataDirectory).isDirectory();
			pid = member.pid();
			assertThat(pid).isPositive();
		}
		assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
		assertThat(dataDirectory).doesNotExist();
	}

	@Test
	void killedMemberRestartsWithItsData() throws Exception {
		try (EtcdCluster etcd = EtcdCluster.builder().start()) {
			EtcdMember member = etcd.member(0);
			Path wal = member.dataDirectory().resolve("member").resolve("wal");
			assertThat(wal).isDirectory();
			String endpoint = member.clientEndpoint();
			member.kill();
			assertThat(member.isRunning()).isFalse();
			assertThat(member.isHealthy()).isFalse();
			member.start();
			assertThat(member.isHealthy()).isTrue();
			assertThat(member.clientEndpoint()).isEqualTo(endpoint);
			assertThat(member.logTail(1000)).doesNotContain("panic");
			try (var files = Files.list(wal)) {
				assertThat(files).isNotEmpty();
			}
		}
	}

	@Test
	void threeMemberClusterElectsOneLeaderAndSurvivesItsLoss() {
		try (EtcdCluster etcd = EtcdCluster.builder().members(3).start()) {
			List<String> endpoints = etcd.clientEndpoints();
			assertThat(endpoints).hasSize(3).doesNotHaveDuplicates();
			EtcdMember leader = etcd.leader();
			assertThat(etcd.members().stream().filter(EtcdMember::isLeader)).containsExactly(leader);
			leader.kill();
			EtcdMember next = etcd.leader();
			assertThat(next).isNotSameAs(leader);
			leader.start();
			etcd.awaitHealthy();
		}
	}

	@Test
	void anIsolatedMemberLosesItsPeersAndRejoinsWhenHealed() {
		try (EtcdCluster etcd = EtcdCluster.builder().members(3).partitionable().start()) {
			EtcdMember leader = etcd.leader();
			etcd.isolate(leader);
			// cut off from both followers, the leader steps down and they elect one of
			// their own
			org.awaitility.Awaitility.await("a follower leads while the old leader is cut off")
				.atMost(Duration.ofSeconds(60))
				.until(() -> !leader.isLeader()
						&& etcd.members().stream().anyMatch((m) -> m != leader && m.isLeader()));
			org.awaitility.Awaitility.await("the isolated member has no leader")
				.atMost(Duration.ofSeconds(60))
				.until(() -> !leader.isHealthy());
			assertThat(leader.isRunning()).isTrue();
			etcd.heal();
			leader.awaitHealthy(Duration.ofSeconds(60));
			etcd.awaitHealthy();
			int[] sources = etcd.peerSourceCounts();
			assertThat(sources[0]).as("peer connections traced to their member").isPositive();
			assertThat(sources[1]).as("peer connections of unknown origin").isZero();
		}
	}

	@Test
	void aBuilderChangedAfterBuildLeavesItsClusterAlone() {
		EtcdCluster.Builder builder = EtcdCluster.builder();
		try (EtcdCluster etcd = builder.build()) {
			builder.partitionable();
			etcd.start();
			assertThatIllegalStateException().isThrownBy(() -> etcd.isolate(etcd.member(0)))
				.withMessageContaining("partitionable()");
		}
	}

	@Test
	void isolatingNeedsAPartitionableCluster() {
		try (EtcdCluster etcd = EtcdCluster.builder().start()) {
			assertThatIllegalStateException().isThrownBy(() -> etcd.isolate(etcd.member(0)))
				.withMessageContaining("partitionable()");
		}
	}

	@Test
	void memberThatCannotStartFailsWithItsLog() {
		EtcdCluster.Builder builder = EtcdCluster.builder()
			.arguments("--no-such-flag")
			.startTimeout(Duration.ofSeconds(10));
		assertThatIllegalStateException().isThrownBy(builder::start)
			.withMessageContaining("m0")
			.withMessageContaining("no-such-flag");
	}

	@Test
	void missingBinaryIsExplained() {
		assertThatIllegalStateException().isThrownBy(() -> EtcdBinary.at(Path.of("/nonexistent/etcd")))
			.withMessageContaining("/nonexistent/etcd");
	}

	@Test
	void blackHoleAcceptsAndNeverAnswers() throws Exception {
		try (BlackHole hole = BlackHole.open(); java.net.Socket socket = new java.net.Socket()) {
			String endpoint = hole.endpoint();
			int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
			socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
			socket.setSoTimeout(300);
			socket.getOutputStream().write("hello".getBytes());
			assertThatThrownByRead(socket);
		}
	}

	private static void assertThatThrownByRead(java.net.Socket socket) {
		org.assertj.core.api.Assertions.assertThatExceptionOfType(java.net.SocketTimeoutException.class)
			.isThrownBy(() -> socket.getInputStream().read());
	}

}
