package dev.etcdspring.client.watch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.MemberIds;
import dev.etcdspring.client.RecordingListener;
import dev.etcdspring.client.kv.KvClient;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdMember;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A watch resumes across broken streams without losing or repeating an event. The truth
 * each test compares with is the server's own history, replayed by a fresh watch once the
 * cluster is healthy.
 */
class WatchResumeTests {

	private static final String KEY = "resume/counter";

	private final ExecutorService writers = Executors.newSingleThreadExecutor();

	@AfterEach
	void stopWriters() {
		this.writers.shutdownNow();
	}

	/** Puts values 0..count-1 in order; a failed put (outcome unknown) is sent again. */
	static final class Writer implements Runnable {

		final KvClient kv;

		final int count;

		final ByteSequence padding;

		final AtomicInteger written = new AtomicInteger();

		final AtomicInteger failures = new AtomicInteger();

		final AtomicLong lastRevision = new AtomicLong();

		final AtomicLong firstSuccessAfterMark = new AtomicLong();

		final AtomicLong firstRevisionAfterMark = new AtomicLong();

		volatile long mark = Long.MAX_VALUE;

		Writer(KvClient kv, int count, int valueBytes) {
			this.kv = kv;
			this.count = count;
			this.padding = ByteSequence.from(new byte[valueBytes]);
		}

		@Override
		public void run() {
			for (int i = 0; i < this.count; i++) {
				ByteSequence value = ByteSequence.from(i + ":").concat(this.padding);
				while (true) {
					long start = System.nanoTime();
					try {
						long revision = this.kv.put(ByteSequence.from(KEY), value).join().header().revision();
						this.lastRevision.set(revision);
						if (start > this.mark && this.firstSuccessAfterMark.compareAndSet(0, System.nanoTime())) {
							this.firstRevisionAfterMark.set(revision);
						}
						break;
					}
					catch (CompletionException ex) {
						// bounded: a writer that keeps failing fails the test
						assertThat(this.failures.incrementAndGet()).isLessThan(1000);
					}
				}
				this.written.set(i + 1);
			}
		}

		void awaitWritten(int n) {
			await().atMost(Duration.ofMinutes(2)).until(() -> this.written.get() >= n);
		}

	}

	private static List<String> seen(RecordingListener listener, long upTo) {
		return listener.events.stream()
			.filter((e) -> e.revision() <= upTo)
			.map((e) -> e.revision() + ":" + e.type() + ":" + e.kv().value().toString().split(":")[0])
			.toList();
	}

	/**
	 * The server's history of the key from {@code from} to {@code to}, replayed by a
	 * fresh watch.
	 */
	private static List<String> history(EtcdClient client, long from, long to) {
		RecordingListener replay = new RecordingListener();
		try (Watch watch = client.watch()
			.watch(KeyRange.key(KEY), WatchOptions.DEFAULT.withStartRevision(from), replay)) {
			await().atMost(Duration.ofMinutes(1))
				.until(() -> !replay.events.isEmpty() && replay.events.get(replay.events.size() - 1).revision() >= to);
		}
		return seen(replay, to);
	}

	/**
	 * From the first write accepted after the mark to its event reaching the listener.
	 */
	private static long lagMillis(Writer writer, RecordingListener live) {
		long received = live.receivedAt.get(writer.firstRevisionAfterMark.get());
		return TimeUnit.NANOSECONDS.toMillis(received - writer.firstSuccessAfterMark.get());
	}

	private static void assertExactlyOnceInOrder(RecordingListener live, List<String> truth, long upTo) {
		await().atMost(Duration.ofMinutes(1))
			.until(() -> !live.events.isEmpty() && live.events.get(live.events.size() - 1).revision() >= upTo);
		List<String> delivered = seen(live, upTo);
		assertThat(live.revisions()).as("revision order, no duplicates").isSorted().doesNotHaveDuplicates();
		assertThat(delivered).as("every revision exactly once").isEqualTo(truth);
		assertThat(live.errors).isEmpty();
	}

	@Test
	void threeMembersTheStreamsMemberKilledAndRestartedDuringFiveThousandWrites() throws Exception {
		try (EtcdCluster cluster = EtcdCluster.builder().members(3).start();
				EtcdClient watching = EtcdClient.builder().endpoints(cluster.clientEndpoints()).build();
				EtcdClient writing = EtcdClient.builder()
					.endpoints(cluster.clientEndpoints())
					.requestTimeout(Duration.ofSeconds(5))
					.build()) {
			RecordingListener live = new RecordingListener();
			Watch watch = watching.watch().watch(KeyRange.key(KEY), WatchOptions.DEFAULT.withCreatedNotify(), live);
			long start = watch.created().join();
			await().until(() -> !live.responses.isEmpty());
			EtcdMember streamMember = MemberIds.of(cluster).get(live.responses.get(0).header().memberId());

			Writer writer = new Writer(writing.kv(), 5000, 16);
			Future<?> writes = this.writers.submit(writer);
			writer.awaitWritten(1500);
			boolean wasLeader = streamMember.isLeader();
			writer.mark = System.nanoTime();
			streamMember.kill();
			writer.awaitWritten(3000);
			streamMember.start();
			writes.get(3, TimeUnit.MINUTES);
			cluster.awaitHealthy();
			long end = writer.lastRevision.get();
			assertExactlyOnceInOrder(live, history(writing, start, end), end);
			assertThat(seen(live, end)).hasSizeGreaterThanOrEqualTo(5000);
			System.out.printf(
					"3 members: the watch stream's member (%s) was killed; the first write issued after the "
							+ "kill was accepted %d ms after it, and its event reached the listener %d ms after that%n",
					wasLeader ? "the leader" : "a follower",
					TimeUnit.NANOSECONDS.toMillis(writer.firstSuccessAfterMark.get() - writer.mark),
					lagMillis(writer, live));
			watch.close();
		}
	}

	@Test
	void singleMemberStoppedAndRestartedWithItsData() throws Exception {
		try (EtcdCluster cluster = EtcdCluster.builder().start();
				EtcdClient watching = EtcdClient.builder().endpoints(cluster.clientEndpoints()).build();
				EtcdClient writing = EtcdClient.builder()
					.endpoints(cluster.clientEndpoints())
					.requestTimeout(Duration.ofSeconds(5))
					.build()) {
			RecordingListener live = new RecordingListener();
			Watch watch = watching.watch().watch(KEY, live);
			long start = watch.created().join();
			Writer writer = new Writer(writing.kv(), 2000, 16);
			Future<?> writes = this.writers.submit(writer);
			writer.awaitWritten(500);
			EtcdMember member = cluster.member(0);
			member.stop();
			long revisionBeforeRestart = writer.lastRevision.get();
			writer.mark = System.nanoTime();
			member.start();
			writes.get(3, TimeUnit.MINUTES);
			long end = writer.lastRevision.get();
			assertExactlyOnceInOrder(live, history(writing, start, end), end);

			assertThat(writer.firstRevisionAfterMark.get()).isGreaterThan(revisionBeforeRestart);
			System.out.printf("single member: stopped and restarted; from the first write it accepted again to that "
					+ "write's event reaching the listener: %d ms%n", lagMillis(writer, live));
			watch.close();
		}
	}

	@Test
	void revisionCompactedWhileDisconnectedEndsTheWatchWithTheCompactRevision() {
		try (EtcdCluster cluster = EtcdCluster.builder().members(3).start()) {
			// watch through a follower: killing the leader would add an election, during
			// which the
			// writes below may time out on the server with an unknown outcome (seen in
			// CI)
			EtcdMember leader = cluster.leader();
			EtcdMember watched = cluster.members().stream().filter((m) -> m != leader).findFirst().orElseThrow();
			List<String> others = cluster.members()
				.stream()
				.filter((m) -> m != watched)
				.map(EtcdMember::clientEndpoint)
				.toList();
			try (EtcdClient watching = EtcdClient.builder().endpoints(watched.clientEndpoint()).build();
					EtcdClient writing = EtcdClient.builder().endpoints(others).build()) {
				RecordingListener live = new RecordingListener();
				Watch watch = watching.watch().watch(KEY, live);
				watch.created().join();
				writing.kv().put(KEY, "seen").join();
				await().until(() -> live.events.size() == 1);
				watched.kill();
				writing.kv().put(KEY, "missed").join();
				long compactAt = writing.kv().put(KEY, "missed too").join().header().revision();
				writing.kv().compact(compactAt, true).join();
				watched.start();
				await().atMost(Duration.ofSeconds(30)).until(() -> !live.errors.isEmpty());
				assertThat(live.errors).singleElement()
					.isInstanceOf(dev.etcdspring.client.error.CompactedException.class)
					.satisfies((e) -> assertThat(((dev.etcdspring.client.error.CompactedException) e).compactRevision())
						.isEqualTo(compactAt));
				assertThat(live.values()).containsExactly("seen");
				assertThat(watch.isActive()).isFalse();
			}
		}
	}

	@Test
	void secondBreakWhileTheResumedWatchIsStillCatchingUp() throws Exception {
		try (EtcdCluster cluster = EtcdCluster.builder().members(3).start()) {
			EtcdMember watched = cluster.member(0);
			List<String> others = List.of(cluster.member(1).clientEndpoint(), cluster.member(2).clientEndpoint());
			try (EtcdClient watching = EtcdClient.builder().endpoints(watched.clientEndpoint()).build();
					EtcdClient writing = EtcdClient.builder()
						.endpoints(others)
						.requestTimeout(Duration.ofSeconds(5))
						.build()) {
				RecordingListener live = new RecordingListener();
				Watch watch = watching.watch().watch(KEY, live);
				long start = watch.created().join();
				// 4 KB values: the backlog after the first break takes a while to stream
				Writer writer = new Writer(writing.kv(), 5000, 4096);
				Future<?> writes = this.writers.submit(writer);
				writer.awaitWritten(200);
				watched.kill();
				writer.awaitWritten(4000);
				int beforeResume = live.events.size();
				watched.start();
				// poll often: the backlog streams in large batches, and the second break
				// must come during it
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(5))
					.until(() -> live.events.size() > beforeResume);
				watched.kill();
				int atSecondBreak = live.events.size();
				writer.awaitWritten(4500);
				watched.start();
				writes.get(3, TimeUnit.MINUTES);
				long end = writer.lastRevision.get();
				System.out.printf(
						"second break: %d events delivered before the first break, %d when the stream broke "
								+ "again during catch-up, %d in the end%n",
						beforeResume, atSecondBreak, live.events.size());
				assertThat(atSecondBreak).as("the second break came while catching up").isLessThan(4000);
				assertExactlyOnceInOrder(live, history(writing, start, end), end);
				watch.close();
			}
		}
	}

}
