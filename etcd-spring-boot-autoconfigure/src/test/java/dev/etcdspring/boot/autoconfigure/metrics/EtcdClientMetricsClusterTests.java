package dev.etcdspring.boot.autoconfigure.metrics;

import java.time.Duration;

import dev.etcdspring.boot.autoconfigure.EtcdAutoConfiguration;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.lease.KeepAliveListener;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdClusterExtension;
import dev.etcdspring.test.EtcdMember;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reconnect meters against a real three-member cluster: a killed member is counted as
 * a lost connection of its endpoint, the streams on it as reopened, and their watches as
 * resumed.
 */
class EtcdClientMetricsClusterTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.perClass(EtcdCluster.builder()
		.members(3)
		.heartbeatInterval(Duration.ofMillis(200))
		.electionTimeout(Duration.ofMillis(2000)));

	private static final Duration WAIT = Duration.ofSeconds(60);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdMetricsAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	private static double count(MeterRegistry registry, String name, String... tags) {
		Counter counter = registry.find(name).tags(tags).counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void killedMemberIsALostConnectionOfItsEndpoint() {
		EtcdMember victim = etcd.cluster().member(0);
		this.contextRunner.withPropertyValues("etcd.endpoints=" + String.join(",", etcd.cluster().clientEndpoints()))
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(context).hasSingleBean(EtcdClient.class);
				await().atMost(WAIT)
					.until(() -> registry.find("etcd.client.connections")
						.gauges()
						.stream()
						.mapToDouble((g) -> g.value())
						.sum() == 3);
				victim.kill();
				try {
					await().atMost(WAIT)
						.until(() -> count(registry, "etcd.client.disconnects", "endpoint",
								victim.clientEndpoint()) >= 1);
					assertThat(registry.get("etcd.client.connections")
						.tag("endpoint", victim.clientEndpoint())
						.gauge()
						.value()).isZero();
				}
				finally {
					victim.start();
				}
				await().atMost(WAIT)
					.until(() -> registry.get("etcd.client.connections")
						.tag("endpoint", victim.clientEndpoint())
						.gauge()
						.value() == 1);
			});
	}

	@Test
	void streamsOnAKilledMemberAreReopenedAndTheirWatchesResumed() {
		EtcdMember victim = etcd.cluster().member(2);
		this.contextRunner.withPropertyValues("etcd.endpoints=" + victim.clientEndpoint()).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			EtcdClient client = context.getBean(EtcdClient.class);
			client.watch().watch("cluster/watched", (response) -> {
			}).created().join();
			long lease = client.lease().grant(Duration.ofSeconds(60)).join().id();
			client.lease().keepAlive(lease, new KeepAliveListener() {
			});
			await().atMost(WAIT).until(() -> count(registry, "etcd.client.lease.renewals") >= 1);
			victim.kill();
			try {
				await().atMost(WAIT)
					.until(() -> count(registry, "etcd.client.stream.reopens", "stream", "watch") >= 1
							&& count(registry, "etcd.client.stream.reopens", "stream", "lease-keep-alive") >= 1
							&& count(registry, "etcd.client.disconnects", "endpoint", victim.clientEndpoint()) >= 1);
			}
			finally {
				victim.start();
			}
			await().atMost(WAIT).until(() -> count(registry, "etcd.client.watches.resumed") >= 1);
			assertThat(registry.get("etcd.client.watches.active").gauge().value()).isEqualTo(1);
			assertThat(count(registry, "etcd.client.leases.lost", "reason", "expired")).isZero();
		});
	}

}
