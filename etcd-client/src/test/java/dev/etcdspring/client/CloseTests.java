package dev.etcdspring.client;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CloseTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	private static Set<String> clientThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.startsWith("etcd-client") || name.contains("grpc") || name.contains("netty"))
			.collect(Collectors.toSet());
	}

	@Test
	void twoHundredClientsLeaveNoThreadBehind() {
		Set<String> baseline = clientThreads();
		long baselineCount = threadsButProcessReapers();
		for (int i = 0; i < 200; i++) {
			EtcdClient client = EtcdClient.builder().endpoints(etcd.endpoints()).build();
			client.kv().put("close/k", "v" + i).join();
			client.close();
			// checked right away: close() returns only when its threads have ended
			// (threads of
			// gRPC's shared pools, left by other tests, may end meanwhile: only new ones
			// count)
			Set<String> added = new HashSet<>(clientThreads());
			added.removeAll(baseline);
			assertThat(added).as("threads after closing client %d", i).isEmpty();
		}
		// Netty's JVM-wide GlobalEventExecutor thread (started on demand when channels
		// close, not per
		// client) ends after a second without work: the count returns to its baseline
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(threadsButProcessReapers())
				.as(() -> "threads now: "
						+ Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList())
				.isLessThanOrEqualTo(baselineCount));
	}

	/**
	 * Live threads, less the JDK's "process reaper" threads, which wait for the etcd
	 * processes and {@code kill} commands of other tests in this JVM and come and go with
	 * them.
	 */
	private static long threadsButProcessReapers() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && !thread.getName().startsWith("process reaper"))
			.count();
	}

	@Test
	void closeIsIdempotentAndCloseFromACallbackDoesNotHang() {
		EtcdClient client = EtcdClient.builder().endpoints(etcd.endpoints()).build();
		client.kv().put("close/cb", "v").thenRun(client::close).join();
		client.close();
		client.close();
		assertThat(client.toString()).contains("closed");
	}

}
