package dev.etcdspring.client.reliability;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.lease.Session;
import dev.etcdspring.client.lock.HeldLock;
import dev.etcdspring.client.watch.Watch;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdMember;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 500 clients opened, used (a put, a read, a watch, a kept session holding a lock) and
 * closed in one JVM: threads, file descriptors, direct memory (the JDK's and the shaded
 * Netty's) and the server's watches and leases come back to where they were. A warm-up of
 * a few clients first starts what the JVM starts once (gRPC's shared timer and executors,
 * Netty's allocator arenas).
 */
@Tag("reliability")
class ClientLeakTests {

	private static final int CLIENTS = 500;

	/** Room for JVM-wide pools that size themselves (e.g. the common fork-join pool). */
	private static final int THREAD_SLACK = 2;

	private static final int FD_SLACK = 4;

	private static final long DIRECT_SLACK = 16L << 20;

	@Test
	void fiveHundredClientsOpenedAndClosedLeaveNothingBehind() {
		try (EtcdCluster etcd = EtcdCluster.builder().start();
				EtcdClient observer = EtcdClient.builder().endpoints(etcd.clientEndpoints()).build()) {
			EtcdMember member = etcd.member(0);
			for (int i = 0; i < 5; i++) {
				useOnce(etcd, i);
			}
			awaitServerIdle(observer, member, 0);
			Set<String> threadsBefore = threadNames();
			int threadCountBefore = threadsBefore.size();
			long fdsBefore = openFileDescriptors();
			long directBefore = jdkDirectMemory();
			long nettyBefore = nettyDirectMemory();
			double watchersBefore = member.metric("etcd_debugging_mvcc_watcher_total");
			int leasesBefore = observer.lease().leases().join().ids().size();

			long started = System.nanoTime();
			for (int i = 0; i < CLIENTS; i++) {
				useOnce(etcd, i);
			}
			long elapsed = System.nanoTime() - started;

			await("threads back to the baseline").atMost(Duration.ofSeconds(60))
				.until(() -> threadNames().size() <= threadCountBefore + THREAD_SLACK);
			await("file descriptors back to the baseline").atMost(Duration.ofSeconds(60))
				.until(() -> openFileDescriptors() <= fdsBefore + FD_SLACK);
			await("server-side watches back to the baseline").atMost(Duration.ofSeconds(60))
				.until(() -> member.metric("etcd_debugging_mvcc_watcher_total") <= watchersBefore);
			// sessions of closed clients are not revoked: their leases expire after the 2
			// s TTL
			awaitServerIdle(observer, member, leasesBefore);
			long directAfter = jdkDirectMemory();
			long nettyAfter = nettyDirectMemory();
			Set<String> extra = new TreeSet<>(threadNames());
			extra.removeAll(threadsBefore);

			String test = "ClientLeakTests (" + CLIENTS + " clients)";
			Figures.record(test, "time per client (build, put, get, watch, session, lock, close)",
					Figures.millis(elapsed / CLIENTS));
			Figures.record(test, "threads before / after", threadCountBefore + " / " + threadNames().size()
					+ (extra.isEmpty() ? "" : " (new: " + extra + ")"));
			Figures.record(test, "file descriptors before / after", fdsBefore + " / " + openFileDescriptors());
			Figures.record(test, "direct memory, JDK / shaded Netty, before / after", (directBefore >> 10) + " kB / "
					+ (nettyBefore >> 10) + " kB, " + (directAfter >> 10) + " kB / " + (nettyAfter >> 10) + " kB");
			Figures.record(test, "server watchers / leases before / after",
					(long) watchersBefore + " / " + leasesBefore + ", "
							+ (long) member.metric("etcd_debugging_mvcc_watcher_total") + " / "
							+ observer.lease().leases().join().ids().size());

			assertThat(threadNames().size()).as("threads; new ones: " + extra)
				.isLessThanOrEqualTo(threadCountBefore + THREAD_SLACK);
			assertThat(extra).as("no thread of ours left").noneMatch((name) -> name.startsWith("etcd"));
			assertThat(directAfter).as("JDK direct memory").isLessThanOrEqualTo(directBefore + DIRECT_SLACK);
			assertThat(nettyAfter).as("shaded Netty direct memory").isLessThanOrEqualTo(nettyBefore + DIRECT_SLACK);
		}
	}

	private static void useOnce(EtcdCluster etcd, int i) {
		try (EtcdClient client = EtcdClient.builder().endpoints(etcd.clientEndpoints()).build()) {
			client.kv().put("leak/" + (i % 10), "v" + i).join();
			assertThat(client.kv().get("leak/" + (i % 10)).join().first()).isPresent();
			Watch watch = client.watch().watch("leak/0", (response) -> {
			});
			watch.created().join();
			Session session = client.lease().newSession(Duration.ofSeconds(2)).join();
			HeldLock lock = client.lock().lock("leak-lock", session, Duration.ofSeconds(30)).join();
			lock.unlock().join();
			// the watch and the session are left open: closing the client must end them
		}
	}

	private static void awaitServerIdle(EtcdClient observer, EtcdMember member, int leases) {
		await("the server's watches and leases of closed clients are gone").atMost(Duration.ofSeconds(60))
			.until(() -> member.metric("etcd_debugging_mvcc_watcher_total") == 0
					&& observer.lease().leases().join().ids().size() <= leases);
	}

	private static Set<String> threadNames() {
		// names are not unique: number duplicates so that the set's size is the thread
		// count
		java.util.Map<String, Integer> seen = new java.util.HashMap<>();
		Set<String> names = new TreeSet<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.getName().startsWith("process reaper")) {
				// the JDK's, waiting for child processes of other tests (etcd, kill)
				continue;
			}
			int n = seen.merge(thread.getName(), 1, Integer::sum);
			names.add(thread.getName() + ((n > 1) ? " #" + n : ""));
		}
		return names;
	}

	private static long openFileDescriptors() {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.count();
		}
		catch (IOException ex) {
			return 0;
		}
	}

	private static long jdkDirectMemory() {
		return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
			.stream()
			.filter((pool) -> pool.getName().equals("direct"))
			.mapToLong(BufferPoolMXBean::getMemoryUsed)
			.sum();
	}

	/**
	 * The shaded Netty's own count of direct memory, -1 where it does not count (no
	 * cleaner-free buffers).
	 */
	private static long nettyDirectMemory() {
		try {
			Class<?> platform = Class.forName("io.grpc.netty.shaded.io.netty.util.internal.PlatformDependent");
			return (long) platform.getMethod("usedDirectMemory").invoke(null);
		}
		catch (ReflectiveOperationException ex) {
			return -1;
		}
	}

}
