package dev.etcdspring.client;

import java.time.Duration;

import dev.etcdspring.client.error.DialTimeoutException;
import dev.etcdspring.test.BlackHole;
import dev.etcdspring.test.EtcdClusterExtension;
import dev.etcdspring.test.LoopbackPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The seed's "expect dial time-out on ipv4 blackhole", on loopback only: a closed port
 * and a socket that accepts and never answers.
 */
class ConnectTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	@Test
	void closedPortFailsAfterTheDialTimeoutWithTheTransportError() {
		String endpoint = "http://127.0.0.1:" + LoopbackPorts.next();
		long start = System.nanoTime();
		assertThatExceptionOfType(DialTimeoutException.class)
			.isThrownBy(() -> EtcdClient.builder().endpoints(endpoint).dialTimeout(Duration.ofMillis(800)).build())
			.withMessageContaining(endpoint)
			.withMessageContaining("within 800 ms")
			.withMessageContaining("Connection refused");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
	}

	@Test
	void blackHoleFailsAfterTheDialTimeoutExplainingTheSilence() {
		try (BlackHole hole = BlackHole.open()) {
			assertThatExceptionOfType(DialTimeoutException.class).isThrownBy(
					() -> EtcdClient.builder().endpoints(hole.endpoint()).dialTimeout(Duration.ofSeconds(1)).build())
				.withMessageContaining(hole.endpoint())
				.withMessageContaining("accept TCP connections but sent nothing back");
			assertThat(hole.acceptedConnections()).isPositive();
		}
	}

	@Test
	void everyEndpointIsNamedWhenAllAreDown() {
		String first = "http://127.0.0.1:" + LoopbackPorts.next();
		String second = "http://127.0.0.1:" + LoopbackPorts.next();
		assertThatExceptionOfType(DialTimeoutException.class)
			.isThrownBy(() -> EtcdClient.builder().endpoints(first, second).dialTimeout(Duration.ofMillis(500)).build())
			.withMessageContaining(first)
			.withMessageContaining(second);
	}

	@Test
	void oneLiveEndpointAmongDeadOnesIsEnough() {
		try (BlackHole hole = BlackHole.open();
				EtcdClient client = EtcdClient.builder()
					.endpoints("http://127.0.0.1:" + LoopbackPorts.next(), hole.endpoint(),
							etcd.cluster().clientEndpoint())
					.dialTimeout(Duration.ofSeconds(5))
					.build()) {
			for (int i = 0; i < 20; i++) {
				client.kv().put("connect/k", "v" + i).join();
				assertThat(client.kv().get("connect/k").join().first().orElseThrow().valueAsString())
					.isEqualTo("v" + i);
			}
			assertThat(client.endpoints()).hasSize(3);
		}
	}

	@Test
	void hostNamesAreResolved() {
		String endpoint = etcd.cluster().clientEndpoint().replace("127.0.0.1", "localhost");
		try (EtcdClient client = EtcdClient.builder().endpoints(endpoint).build()) {
			assertThat(client.kv().put("connect/host", "v").join().header().revision()).isPositive();
		}
	}

}
