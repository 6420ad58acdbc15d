package dev.etcdspring.client;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
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
		Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
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
		// nothing else new either; Netty's JVM-wide GlobalEventExecutor thread (started
		// when channels close, not per client) ends after a second without work
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(newThreads(before)).as("threads started since the first client").isEmpty());
	}

	/**
	 * Live threads that were not there before, less the JDK's own that any code in the
	 * JVM may start: "process reaper" threads (waiting for other tests' child processes,
	 * they come and go) and the CompletableFuture delay scheduler (started on first use
	 * of {@code orTimeout}, never ended).
	 */
	private static List<String> newThreads(Set<Thread> before) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && !before.contains(thread))
			.map(Thread::getName)
			.filter((name) -> !name.startsWith("process reaper") && !name.equals("CompletableFutureDelayScheduler")
					&& !name.startsWith("awaitility"))
			.sorted()
			.toList();
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
