package dev.etcdspring.client.reliability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.error.NoSpaceException;
import dev.etcdspring.client.kv.Compare;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.client.maintenance.Alarm;
import dev.etcdspring.test.EtcdCluster;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A database that reaches its quota ({@code --quota-backend-bytes}) raises etcd's NOSPACE
 * alarm: writes then fail with {@link NoSpaceException}, reads go on, and the documented
 * recovery (compact the history, defragment, disarm the alarm) makes writes work again.
 */
class SpaceQuotaTests {

	private static final int QUOTA = 3 * 1024 * 1024;

	/**
	 * Bounds of the filling loop: a 100 kB value at a time, over five keys (history
	 * grows, live data does not).
	 */
	private static final int MAX_PUTS = 2_000;

	@Test
	void aFullDatabaseRefusesWritesTypedServesReadsAndRecoversAfterCompactDefragmentDisarm() {
		try (EtcdCluster etcd = EtcdCluster.builder()
			.arguments("--quota-backend-bytes", Integer.toString(QUOTA))
			.start(); EtcdClient client = EtcdClient.builder().endpoints(etcd.clientEndpoints()).build()) {
			ByteSequence big = ByteSequence.from(new byte[100_000]);
			NoSpaceException refused = null;
			int puts = 0;
			long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
			while (refused == null && puts < MAX_PUTS && System.nanoTime() - deadline < 0) {
				Throwable thrown = catchThrowable(client.kv().put(ByteSequence.from("fill/" + (puts % 5)), big)::join);
				puts++;
				if (thrown != null) {
					assertThat(thrown).isInstanceOf(CompletionException.class);
					assertThat(thrown.getCause()).as("the only failure while filling is the quota")
						.isInstanceOf(NoSpaceException.class);
					refused = (NoSpaceException) thrown.getCause();
				}
			}
			assertThat(refused).as("the quota was reached within " + MAX_PUTS + " puts").isNotNull();
			assertThat(refused).hasMessageContaining("quota-backend-bytes");
			Figures.record("SpaceQuotaTests", "100 kB puts until NOSPACE with a 3 MiB quota", Integer.toString(puts));

			// every kind of write is refused, typed, and nothing is half-written
			assertThat(catchThrowable(client.kv().put("small", "x")::join)).hasCauseInstanceOf(NoSpaceException.class);
			assertThat(catchThrowable(client.kv()
				.txn()
				.when(Compare.version("small").equal(0))
				.then(PutOp.of("small", "x"), PutOp.of("other", "y"))
				.commit()::join)).hasCauseInstanceOf(NoSpaceException.class);
			assertThat(catchThrowable(client.lease().grant(Duration.ofSeconds(30))::join))
				.hasCauseInstanceOf(NoSpaceException.class);
			assertThat(client.kv().get(GetOp.key("small")).join().kvs()).isEmpty();
			assertThat(client.kv().get(GetOp.key("other")).join().kvs()).isEmpty();
			// reads work
			assertThat(client.kv().get(GetOp.prefix("fill/").withCountOnly()).join().count()).isEqualTo(5);
			List<Alarm> alarms = client.maintenance().alarms().join();
			assertThat(alarms).extracting(Alarm::type).contains(Alarm.Type.NOSPACE);

			// recovery: compact the history, defragment, disarm
			long revision = client.kv().get("fill/0").join().header().revision();
			client.kv().compact(revision, true).join();
			long before = client.maintenance().status(etcd.clientEndpoint()).join().dbSize();
			client.maintenance().withTimeout(Duration.ofMinutes(1)).defragment(etcd.clientEndpoint()).join();
			long after = client.maintenance().status(etcd.clientEndpoint()).join().dbSize();
			for (Alarm alarm : alarms) {
				client.maintenance().disarm(alarm).join();
			}
			assertThat(client.maintenance().alarms().join()).isEmpty();
			Figures.record("SpaceQuotaTests", "database size before / after compact and defragment",
					(before / 1024) + " kB / " + (after / 1024) + " kB");

			client.kv().put("small", "x").join();
			assertThat(client.kv().get("small").join().first()).isPresent();
			assertThat(client.lease().grant(Duration.ofSeconds(30)).join().id()).isNotZero();
		}
	}

}
