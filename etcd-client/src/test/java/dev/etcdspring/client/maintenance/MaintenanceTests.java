package dev.etcdspring.client.maintenance;

import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.error.NoSpaceException;
import dev.etcdspring.client.kv.Op;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdMember;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

class MaintenanceTests {

	@Test
	void statusHashDefragmentAndMoveLeaderAcrossThreeMembers() {
		try (EtcdCluster cluster = EtcdCluster.builder().members(3).start();
				EtcdClient client = EtcdClient.builder().endpoints(cluster.clientEndpoints()).build()) {
			long revision = client.kv().put("m/k", "v").join().header().revision();
			List<MemberStatus> statuses = client.maintenance().statusOfAll().join();
			assertThat(statuses).hasSize(3);
			assertThat(statuses).extracting(MemberStatus::endpoint)
				.containsExactlyElementsOf(cluster.clientEndpoints());
			assertThat(statuses).allSatisfy((s) -> {
				assertThat(s.version()).isEqualTo(cluster.etcdBinary().version());
				assertThat(s.dbSize()).isPositive();
				assertThat(s.dbSizeInUse()).isPositive();
				assertThat(s.raftTerm()).isPositive();
				assertThat(s.raftIndex()).isPositive();
				assertThat(s.errors()).isEmpty();
				assertThat(s.learner()).isFalse();
			});
			assertThat(statuses.stream().map(MemberStatus::leader).distinct()).hasSize(1);
			MemberStatus leader = statuses.stream().filter(MemberStatus::isLeader).findFirst().orElseThrow();
			EtcdMember leaderMember = cluster.members().get(cluster.clientEndpoints().indexOf(leader.endpoint()));
			assertThat(leaderMember.isLeader()).isTrue();

			// every member has the same keys up to the same revision
			await().untilAsserted(() -> assertThat(statuses.stream()
				.map((s) -> client.maintenance().hashKv(s.endpoint(), revision).join().hash())
				.distinct()).hasSize(1));

			client.maintenance().defragment(cluster.clientEndpoint()).join();
			assertThat(client.maintenance().status(cluster.clientEndpoint()).join().dbSizeInUse()).isPositive();

			MemberStatus follower = statuses.stream().filter((s) -> !s.isLeader()).findFirst().orElseThrow();
			client.maintenance().moveLeader(follower.header().memberId()).join();
			await().untilAsserted(
					() -> assertThat(client.maintenance().status(follower.endpoint()).join().isLeader()).isTrue());
		}
	}

	@Test
	void noSpaceAlarmIsListedAndDisarmedAfterSpaceIsFreed() {
		try (EtcdCluster small = EtcdCluster.builder().arguments("--quota-backend-bytes", "1048576").start();
				EtcdClient client = EtcdClient.builder().endpoints(small.clientEndpoints()).build()) {
			ByteSequence value = ByteSequence.from(new byte[100_000]);
			// Bounded: 300 puts (30 times the quota) and a minute. A loaded machine may
			// time a put out (its outcome unknown): no reason to stop filling. And etcd
			// compares its quota with the database size at its last backend commit,
			// which lags behind the puts when etcd gets little CPU.
			Throwable refused = null;
			List<String> outcomes = new ArrayList<>();
			long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
			for (int i = 0; i < 300 && System.nanoTime() < until && !(refused instanceof NoSpaceException); i++) {
				Throwable failed = catchThrowable(client.kv().put(ByteSequence.from("fill/" + i), value)::join);
				refused = (failed != null) ? failed.getCause() : null;
				outcomes.add((failed != null) ? String.valueOf(failed) : "ok");
			}
			long dbSize = client.maintenance().status(small.clientEndpoint()).join().dbSize();
			assertThat(refused)
				.as("after %s puts of 100 kB (database now %s bytes): %s", outcomes.size(), dbSize, outcomes)
				.isInstanceOf(NoSpaceException.class);
			List<Alarm> alarms = client.maintenance().alarms().join();
			assertThat(alarms).singleElement().satisfies((a) -> assertThat(a.type()).isEqualTo(Alarm.Type.NOSPACE));

			// free space: delete, compact, defragment, then disarm
			client.kv().delete(dev.etcdspring.client.kv.DeleteOp.prefix("fill/")).join();
			long now = client.kv().get("anything").join().header().revision();
			client.kv().compact(now, true).join();
			client.maintenance().defragment(small.clientEndpoint()).join();
			assertThat(client.maintenance().disarm(alarms.get(0)).join()).containsExactly(alarms.get(0));
			assertThat(client.maintenance().alarms().join()).isEmpty();
			client.kv().put("after", "writes work again").join();
		}
	}

	/** Counts and checksums what it is given, keeping only the last 32 bytes. */
	static final class CheckingOutput extends OutputStream {

		final MessageDigest digest;

		final byte[] tail = new byte[32];

		long bytes;

		int writes;

		int largestWrite;

		CheckingOutput() throws Exception {
			this.digest = MessageDigest.getInstance("SHA-256");
		}

		@Override
		public void write(int b) {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] data, int offset, int length) {
			this.writes++;
			this.largestWrite = Math.max(this.largestWrite, length);
			for (int i = offset; i < offset + length; i++) {
				// the byte leaving the 32-byte tail belongs to the hashed body
				if (this.bytes >= 32) {
					this.digest.update(this.tail[(int) (this.bytes % 32)]);
				}
				this.tail[(int) (this.bytes % 32)] = data[i];
				this.bytes++;
			}
		}

		boolean checksumMatches() {
			byte[] expected = new byte[32];
			for (int i = 0; i < 32; i++) {
				expected[i] = this.tail[(int) ((this.bytes + i) % 32)];
			}
			return Arrays.equals(this.digest.digest(), expected);
		}

	}

	@Test
	void snapshotOfTenThousandKeysIsStreamedChunkByChunk() throws Exception {
		try (EtcdCluster own = EtcdCluster.builder().start();
				EtcdClient client = EtcdClient.builder().endpoints(own.clientEndpoints()).build()) {
			List<CompletableFuture<?>> writes = new java.util.ArrayList<>();
			for (int batch = 0; batch < 100; batch++) {
				Op[] puts = new Op[100];
				for (int k = 0; k < 100; k++) {
					puts[k] = PutOp.of("snap/" + batch + "/" + k, "value-" + batch + "-" + k);
				}
				writes.add(client.kv().txn().then(puts).commit());
			}
			CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
			long dbSize = client.maintenance().status(own.clientEndpoint()).join().dbSize();

			CheckingOutput output = new CheckingOutput();
			SnapshotResult result = client.maintenance().snapshot(output).join();
			assertThat(result.bytes()).isEqualTo(output.bytes);
			// the snapshot is the database file (committed first, so at least as large as
			// reported
			// before) followed by a SHA-256 of it
			assertThat(output.bytes).isGreaterThanOrEqualTo(dbSize + 32);
			assertThat(output.checksumMatches()).as("sha256 trailer matches the streamed body").isTrue();
			assertThat(output.writes).as("written chunk by chunk").isGreaterThan(5);
			assertThat(output.largestWrite).as("no chunk holds the whole snapshot").isLessThan((int) (dbSize / 2));
			if (own.etcdBinary().isAtLeast(3, 6)) {
				// etcd 3.4 and 3.5 leave the snapshot's header empty
				assertThat(result.header().revision()).isPositive();
			}
		}
	}

}
