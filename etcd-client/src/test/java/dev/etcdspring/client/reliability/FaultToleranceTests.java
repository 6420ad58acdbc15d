package dev.etcdspring.client.reliability;

import java.time.Duration;
import java.util.UUID;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdClusterExtension;
import dev.etcdspring.test.EtcdMember;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults on a three-member cluster on loopback under a {@link MixedWorkload mixed
 * workload}: after each one, every acknowledged write is there, no watcher missed or
 * repeated a revision, no kept lease expired unless its holder was told, the fenced
 * counter is consistent and no call outlived its deadline. The time from the fault to the
 * first write, read and watch event that succeeded after it is published as a figure
 * ({@code docs/reliability.md}).
 *
 * <p>
 * Heartbeat and election settings are generous (250 ms, 2.5 s) so that two shared cores
 * do not elect by themselves; each fault waits for evidence (a new leader, failed calls),
 * never for a fixed time.
 */
@Tag("reliability")
class FaultToleranceTests {

	private static final Duration ELECTION_TIMEOUT = Duration.ofMillis(2500);

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.perClass(EtcdCluster.builder()
		.members(3)
		.partitionable()
		.heartbeatInterval(Duration.ofMillis(250))
		.electionTimeout(ELECTION_TIMEOUT));

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final Duration RECOVERY = Duration.ofSeconds(90);

	private EtcdCluster cluster;

	private EtcdClient client;

	private MixedWorkload workload;

	private String name;

	@BeforeEach
	void startWorkload(TestInfo info) {
		this.name = "FaultToleranceTests." + info.getTestMethod().orElseThrow().getName();
		this.cluster = etcd.cluster();
		this.cluster.heal();
		for (EtcdMember member : this.cluster.members()) {
			if (!member.isRunning()) {
				member.startWithoutWaiting();
			}
		}
		this.cluster.awaitHealthy();
		this.client = EtcdClient.builder().endpoints(this.cluster.clientEndpoints()).requestTimeout(TIMEOUT).build();
		this.workload = new MixedWorkload(this.client, "faults/" + UUID.randomUUID().toString().substring(0, 8) + "/",
				TIMEOUT)
			.start();
		this.workload.awaitMoreWrites(200, RECOVERY);
	}

	@AfterEach
	void closeClient() {
		if (this.client != null) {
			this.client.close();
		}
	}

	private void verify() {
		MixedWorkload.Report report = this.workload.stopAndVerify();
		report.publish(this.name);
	}

	@Test
	void leaderKilled() {
		EtcdMember leader = this.cluster.leader();
		this.workload.fault();
		leader.kill();
		this.workload.awaitRecovery(200, RECOVERY);
		leader.start();
		this.cluster.awaitHealthy();
		this.workload.awaitMoreWrites(200, RECOVERY);
		verify();
	}

	@Test
	void followerKilled() {
		EtcdMember leader = this.cluster.leader();
		EtcdMember follower = this.cluster.members().stream().filter((m) -> m != leader).findFirst().orElseThrow();
		this.workload.fault();
		follower.kill();
		this.workload.awaitRecovery(200, RECOVERY);
		follower.start();
		this.cluster.awaitHealthy();
		this.workload.awaitMoreWrites(200, RECOVERY);
		verify();
	}

	@Test
	void theClientsMemberKilled() {
		EtcdMember mine = clientsMember();
		this.workload.fault();
		mine.kill();
		this.workload.awaitRecovery(200, RECOVERY);
		mine.start();
		this.cluster.awaitHealthy();
		this.workload.awaitMoreWrites(200, RECOVERY);
		verify();
	}

	@Test
	void allMembersStoppedAndRestarted() {
		long failures = this.workload.failures();
		this.workload.fault();
		long stoppedAt = System.nanoTime();
		this.cluster.members().forEach(EtcdMember::stop);
		await("calls fail while every member is down").atMost(RECOVERY)
			.until(() -> this.workload.failures() >= failures + 10);
		long restartAt = System.nanoTime();
		this.cluster.members().forEach(EtcdMember::startWithoutWaiting);
		this.cluster.awaitHealthy();
		this.workload.awaitRecovery(200, RECOVERY);
		Figures.record(this.name, "outage imposed (stop to restart)", Figures.millis(restartAt - stoppedAt));
		verify();
	}

	@Test
	void rollingRestart() {
		this.workload.fault();
		for (EtcdMember member : this.cluster.members()) {
			member.stop();
			this.workload.awaitMoreWrites(100, RECOVERY);
			member.start();
			this.cluster.awaitHealthy();
			this.workload.awaitMoreWrites(100, RECOVERY);
		}
		this.workload.awaitRecovery(100, RECOVERY);
		verify();
	}

	@Test
	void leaderPausedLongerThanTheElectionTimeout() {
		EtcdMember leader = this.cluster.leader();
		this.workload.fault();
		leader.pause();
		long pausedAt = System.nanoTime();
		try {
			await("another member leads while the leader is paused").atMost(RECOVERY)
				.until(() -> this.cluster.members().stream().anyMatch((m) -> m != leader && m.isLeader()));
			await("paused for twice the election timeout").atMost(RECOVERY)
				.until(() -> System.nanoTime() - pausedAt > 2 * ELECTION_TIMEOUT.toNanos());
			this.workload.awaitMoreWrites(50, RECOVERY);
		}
		finally {
			leader.resume();
		}
		Figures.record(this.name, "pause imposed", Figures.millis(System.nanoTime() - pausedAt));
		this.cluster.awaitHealthy();
		this.workload.awaitRecovery(200, RECOVERY);
		verify();
	}

	@Test
	void theClientsMemberCutOffFromItsPeers() {
		EtcdMember mine = clientsMember();
		this.workload.fault();
		this.cluster.isolate(mine);
		long isolatedAt = System.nanoTime();
		try {
			await("the others lead without the isolated member").atMost(RECOVERY)
				.until(() -> this.cluster.members().stream().anyMatch((m) -> m != mine && m.isLeader())
						&& !mine.isHealthy());
			await("isolated for twice the election timeout").atMost(RECOVERY)
				.until(() -> System.nanoTime() - isolatedAt > 2 * ELECTION_TIMEOUT.toNanos());
			this.workload.awaitMoreWrites(50, RECOVERY);
		}
		finally {
			this.cluster.heal();
		}
		Figures.record(this.name, "partition imposed", Figures.millis(System.nanoTime() - isolatedAt));
		this.cluster.awaitHealthy();
		this.workload.awaitRecovery(200, RECOVERY);
		verify();
	}

	/**
	 * The member that serves the client's watch stream (the only watch stream on this
	 * cluster).
	 */
	private EtcdMember clientsMember() {
		await("the client's watch stream is open").atMost(RECOVERY)
			.until(() -> this.cluster.members()
				.stream()
				.anyMatch((m) -> m.metric("etcd_debugging_mvcc_watch_stream_total") > 0));
		EtcdMember mine = this.cluster.members()
			.stream()
			.filter((m) -> m.metric("etcd_debugging_mvcc_watch_stream_total") > 0)
			.findFirst()
			.orElseThrow();
		assertThat(mine.isRunning()).isTrue();
		return mine;
	}

}
