package dev.etcdspring.client.watch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.RecordingListener;
import dev.etcdspring.client.error.ClientClosedException;
import dev.etcdspring.client.error.CompactedException;
import dev.etcdspring.client.kv.DeleteOp;
import dev.etcdspring.client.kv.KvClient;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WatchTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	static EtcdClient client;

	static KvClient kv;

	String p;

	@BeforeAll
	static void connect() {
		client = EtcdClient.builder().endpoints(etcd.endpoints()).build();
		kv = client.kv();
	}

	@AfterAll
	static void close() {
		client.close();
	}

	@BeforeEach
	void prefix(TestInfo info) {
		this.p = "test/watch/" + info.getTestMethod().orElseThrow().getName() + "/" + System.nanoTime() + "/";
	}

	@Test
	void keyPrefixRangeAndFromKeyWatchesSeeTheirOwnKeysInOrder() {
		RecordingListener key = new RecordingListener();
		RecordingListener prefix = new RecordingListener();
		RecordingListener range = new RecordingListener();
		RecordingListener fromKey = new RecordingListener();
		List<Watch> watches = List.of(client.watch().watch(this.p + "a", key),
				client.watch().watch(KeyRange.prefix(this.p + "b/"), prefix),
				client.watch().watch(KeyRange.range(this.p + "a", this.p + "b"), range),
				client.watch().watch(KeyRange.fromKey(this.p + "b/2"), fromKey));
		watches.forEach((w) -> w.created().join());
		kv.put(this.p + "a", "1").join();
		kv.put(this.p + "b/1", "2").join();
		kv.put(this.p + "b/2", "3").join();
		kv.put(this.p + "a", "4").join();
		kv.delete(this.p + "a").join();
		await().untilAsserted(() -> {
			assertThat(key.values()).containsExactly("1", "4", "");
			assertThat(prefix.values()).containsExactly("2", "3");
			assertThat(range.values()).containsExactly("1", "4", "");
			assertThat(fromKey.values()).startsWith("3");
		});
		assertThat(key.events).extracting(WatchEvent::type)
			.containsExactly(WatchEvent.Type.PUT, WatchEvent.Type.PUT, WatchEvent.Type.DELETE);
		assertThat(key.revisions()).isSorted().doesNotHaveDuplicates();
		assertThat(key.threads).allSatisfy((t) -> assertThat(t).contains("-callback-").doesNotContain("grpc", "netty"));
		assertThat(key.overlapped).isFalse();
		watches.forEach(Watch::close);
	}

	@Test
	void historyFromAStartRevisionWithPreviousValuesAndFilters() {
		long first = kv.put(this.p + "k", "1").join().header().revision();
		kv.put(this.p + "k", "2").join();
		kv.delete(this.p + "k").join();
		RecordingListener all = new RecordingListener();
		RecordingListener noPut = new RecordingListener();
		RecordingListener noDelete = new RecordingListener();
		WatchOptions fromFirst = WatchOptions.DEFAULT.withStartRevision(first).withPrevKv();
		try (Watch a = client.watch().watch(KeyRange.key(this.p + "k"), fromFirst, all);
				Watch b = client.watch().watch(KeyRange.key(this.p + "k"), fromFirst.withNoPut(), noPut);
				Watch c = client.watch().watch(KeyRange.key(this.p + "k"), fromFirst.withNoDelete(), noDelete)) {
			assertThat(a.created().join()).isEqualTo(first);
			await().untilAsserted(() -> assertThat(all.events).hasSize(3));
			assertThat(all.events.get(0).prevKv()).isEmpty();
			assertThat(all.events.get(1).prevKv().orElseThrow().valueAsString()).isEqualTo("1");
			assertThat(all.events.get(2).prevKv().orElseThrow().valueAsString()).isEqualTo("2");
			await().untilAsserted(() -> assertThat(noPut.events).extracting(WatchEvent::type)
				.containsExactly(WatchEvent.Type.DELETE));
			await().untilAsserted(() -> assertThat(noDelete.values()).containsExactly("1", "2"));
			assertThat(a.nextRevision()).isEqualTo(all.events.get(2).revision() + 1);
		}
	}

	@Test
	void createdAndProgressNotifications() {
		RecordingListener listener = new RecordingListener();
		try (Watch watch = client.watch()
			.watch(KeyRange.key(this.p + "k"), WatchOptions.DEFAULT.withCreatedNotify(), listener)) {
			long firstRevision = watch.created().join();
			await().untilAsserted(() -> assertThat(listener.responses).first()
				.satisfies((r) -> assertThat(r.kind()).isEqualTo(WatchResponse.Kind.CREATED)));
			assertThat(firstRevision).isEqualTo(listener.responses.get(0).header().revision() + 1);
			watch.requestProgress();
			await().untilAsserted(() -> assertThat(listener.responses)
				.anySatisfy((r) -> assertThat(r.kind()).isEqualTo(WatchResponse.Kind.PROGRESS)));
		}
	}

	@Test
	void transactionEventsArriveTogetherAtOneRevision() {
		RecordingListener listener = new RecordingListener();
		try (Watch watch = client.watch().watch(KeyRange.prefix(this.p), listener)) {
			watch.created().join();
			kv.txn()
				.then(PutOp.of(this.p + "x", "1"), PutOp.of(this.p + "y", "2"), DeleteOp.key(this.p + "z"))
				.commit()
				.join();
			await().untilAsserted(() -> assertThat(listener.events).hasSize(2));
			assertThat(listener.responses).hasSize(1);
			assertThat(listener.revisions()).containsOnly(listener.revisions().get(0));
		}
	}

	@Test
	void largeRevisionsAreReassembledFromFragments() {
		// two 900 KB values in one txn: one revision larger than the server's response
		// limit
		ByteSequence big = ByteSequence.from(new byte[900_000]);
		RecordingListener listener = new RecordingListener();
		try (Watch watch = client.watch()
			.watch(KeyRange.prefix(this.p), WatchOptions.DEFAULT.withFragment(), listener)) {
			watch.created().join();
			kv.put(ByteSequence.from(this.p + "a"), big).join();
			kv.put(ByteSequence.from(this.p + "b"), big).join();
			long start = watch.created().join();
			RecordingListener history = new RecordingListener();
			try (Watch replay = client.watch()
				.watch(KeyRange.prefix(this.p), WatchOptions.DEFAULT.withStartRevision(start).withFragment(),
						history)) {
				await().untilAsserted(() -> assertThat(history.events).hasSize(2));
				assertThat(history.events).allSatisfy((e) -> assertThat(e.kv().value().size()).isEqualTo(900_000));
			}
			await().untilAsserted(() -> assertThat(listener.events).hasSize(2));
		}
	}

	@Test
	void compactedStartRevisionEndsTheWatchWithTheCompactRevision() {
		long old = kv.put(this.p + "k", "1").join().header().revision();
		long compactAt = kv.put(this.p + "k", "2").join().header().revision();
		kv.compact(compactAt, false).join();
		RecordingListener listener = new RecordingListener();
		Watch watch = client.watch()
			.watch(KeyRange.key(this.p + "k"), WatchOptions.DEFAULT.withStartRevision(old), listener);
		await().untilAsserted(() -> assertThat(listener.errors).hasSize(1));
		assertThat(listener.error()).isInstanceOf(CompactedException.class)
			.hasMessageContaining("read the current state");
		assertThat(((CompactedException) listener.error()).compactRevision()).isEqualTo(compactAt);
		assertThat(watch.isActive()).isFalse();
		kv.put(this.p + "k", "3").join();
		assertThat(listener.events).isEmpty();
	}

	@Test
	void aBlockedListenerDelaysOnlyItsOwnWatch() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		RecordingListener blocked = new RecordingListener() {
			@Override
			protected void handle(WatchResponse response) {
				try {
					release.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		};
		RecordingListener healthy = new RecordingListener();
		try (Watch slow = client.watch().watch(KeyRange.prefix(this.p), blocked);
				Watch fast = client.watch().watch(KeyRange.prefix(this.p), healthy)) {
			slow.created().join();
			fast.created().join();
			for (int i = 0; i < 200; i++) {
				kv.put(this.p + "k", Integer.toString(i)).join();
			}
			await().untilAsserted(() -> assertThat(healthy.events).hasSize(200));
			assertThat(blocked.events).hasSize(1);
			release.countDown();
			await().untilAsserted(() -> assertThat(blocked.events).hasSize(200));
			assertThat(blocked.values()).isEqualTo(IntStream.range(0, 200).mapToObj(Integer::toString).toList());
		}
	}

	@Test
	void closingTheWatchStopsDeliveryAndClosingTheClientEndsWatchesOnce() {
		RecordingListener closedByUser = new RecordingListener();
		Watch watch = client.watch().watch(this.p + "k", closedByUser);
		watch.created().join();
		watch.close();
		watch.close();
		kv.put(this.p + "k", "after-close").join();

		EtcdClient other = EtcdClient.builder().endpoints(etcd.endpoints()).build();
		RecordingListener endedByClient = new RecordingListener();
		Watch otherWatch = other.watch().watch(this.p + "k", endedByClient);
		otherWatch.created().join();
		other.close();
		await().untilAsserted(
				() -> assertThat(endedByClient.errors).singleElement().isInstanceOf(ClientClosedException.class));
		assertThat(otherWatch.isActive()).isFalse();
		RecordingListener afterClose = new RecordingListener();
		other.watch().watch(this.p + "k", afterClose);
		await().untilAsserted(
				() -> assertThat(afterClose.errors).singleElement().isInstanceOf(ClientClosedException.class));

		kv.put(this.p + "k", "later").join();
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
			assertThat(closedByUser.events).isEmpty();
			assertThat(closedByUser.errors).isEmpty();
			assertThat(endedByClient.errors).hasSize(1);
		});
	}

}
