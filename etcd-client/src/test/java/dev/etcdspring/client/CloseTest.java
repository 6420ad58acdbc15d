package dev.etcdspring.client;

import java.util.Set;
import java.util.stream.Collectors;

import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class CloseTest {

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
		int baselineCount = Thread.activeCount();
		for (int i = 0; i < 200; i++) {
			EtcdClient client = EtcdClient.builder().endpoints(etcd.endpoints()).build();
			client.kv().put("close/k", "v" + i).join();
			client.close();
			// checked right away: close() returns only when its threads have ended
			assertThat(clientThreads()).as("threads after closing client %d", i).isEqualTo(baseline);
		}
		assertThat(Thread.activeCount()).isLessThanOrEqualTo(baselineCount);
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
