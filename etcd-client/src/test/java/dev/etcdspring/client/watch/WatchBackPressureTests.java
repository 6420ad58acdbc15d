package dev.etcdspring.client.watch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.RecordingListener;
import dev.etcdspring.client.kv.Op;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdMember;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener that stops consuming makes its watch pause on the server once 16,384 events
 * wait, and resume from its next revision when the listener catches up: bounded memory,
 * no event lost.
 */
class WatchBackPressureTests {

	@Test
	void blockedListenerSuspendsItsWatchOnTheServerAndResumesWithoutLoss() throws Exception {
		try (EtcdCluster own = EtcdCluster.builder().start();
				EtcdClient client = EtcdClient.builder().endpoints(own.clientEndpoints()).build()) {
			EtcdMember member = own.member(0);
			CountDownLatch release = new CountDownLatch(1);
			RecordingListener blocked = new RecordingListener() {
				@Override
				protected void handle(WatchResponse response) {
					try {
						release.await(2, TimeUnit.MINUTES);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
			};
			RecordingListener other = new RecordingListener();
			Watch slow = client.watch().watch(KeyRange.prefix("bp/"), blocked);
			Watch fast = client.watch().watch(KeyRange.prefix("bp/"), other);
			slow.created().join();
			fast.created().join();
			double watchersBefore = member.metric("etcd_debugging_mvcc_watcher_total");

			// 250 transactions of 100 keys: 25,000 events, more than the 16,384 a watch
			// may buffer
			int revisions = 250;
			for (int r = 0; r < revisions; r++) {
				Op[] puts = new Op[100];
				for (int k = 0; k < 100; k++) {
					puts[k] = PutOp.of("bp/" + k, Integer.toString(r));
				}
				client.kv().txn().then(puts).commit().join();
			}
			await().untilAsserted(() -> assertThat(other.events).hasSize(revisions * 100));
			// the slow watch was cancelled on the server while its listener was blocked
			await().atMost(Duration.ofSeconds(10))
				.until(() -> member.metric("etcd_debugging_mvcc_watcher_total") == watchersBefore - 1);

			release.countDown();
			await().atMost(Duration.ofMinutes(1))
				.untilAsserted(() -> assertThat(blocked.events).hasSize(revisions * 100));
			assertThat(blocked.revisions()).isSorted();
			assertThat(blocked.responses.stream().map((resp) -> resp.header().revision()).distinct().count())
				.as("one response per revision, none twice")
				.isEqualTo(blocked.responses.size());
			List<String> delivered = blocked.events.stream()
				.map((e) -> e.revision() + ":" + e.kv().keyAsString())
				.toList();
			assertThat(delivered).doesNotHaveDuplicates();
			assertThat(blocked.errors).isEmpty();
			// resumed: the watch is back on the server
			assertThat(member.metric("etcd_debugging_mvcc_watcher_total")).isEqualTo(watchersBefore);
			assertThat(slow.isActive()).isTrue();
			client.kv().put("bp/after", "x").join();
			await().untilAsserted(() -> assertThat(blocked.values()).last().isEqualTo("x"));
			slow.close();
			fast.close();
		}
	}

}
