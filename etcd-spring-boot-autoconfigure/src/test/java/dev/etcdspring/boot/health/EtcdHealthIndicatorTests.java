package dev.etcdspring.boot.health;

import java.util.Map;

import dev.etcdspring.boot.autoconfigure.EtcdAutoConfiguration;
import dev.etcdspring.boot.autoconfigure.health.EtcdHealthContributorAutoConfiguration;
import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.error.NoSpaceException;
import dev.etcdspring.client.kv.DeleteOp;
import dev.etcdspring.client.maintenance.Alarm;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class EtcdHealthIndicatorTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdHealthContributorAutoConfiguration.class))
		.withPropertyValues("etcd.endpoints=" + etcd.cluster().clientEndpoint());

	@SuppressWarnings("unchecked")
	static Map<String, Map<String, Object>> endpoints(Health health) {
		return (Map<String, Map<String, Object>>) health.getDetails().get("endpoints");
	}

	@Test
	void upWithTheMembersTheLeaderAndTheCluster() {
		this.contextRunner.run((context) -> {
			Health health = context.getBean(EtcdHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsKeys("endpoints", "leader", "clusterId", "revision")
				.doesNotContainKeys("degraded", "alarms", "reason");
			assertThat(endpoints(health).get(etcd.cluster().clientEndpoint())).containsEntry("reachable", true)
				.containsEntry("leader", true)
				.containsKeys("memberId", "version", "raftTerm", "dbSize");
			assertThat(health.getDetails().get("leader")).asString().contains(etcd.cluster().clientEndpoint());
		});
	}

	@Test
	void canBeTurnedOff() {
		this.contextRunner.withPropertyValues("management.health.etcd.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HealthContributor.class));
	}

	@Test
	void severalClientsGiveOneIndicatorEachByBeanName() {
		this.contextRunner.withUserConfiguration(TwoClients.class).run((context) -> {
			HealthContributor contributor = context.getBean("etcdHealthContributor", HealthContributor.class);
			assertThat(contributor).isInstanceOf(CompositeHealthContributor.class);
			CompositeHealthContributor composite = (CompositeHealthContributor) contributor;
			assertThat(composite.stream().map((entry) -> entry.name())).containsExactlyInAnyOrder("orders", "users");
			assertThat(((HealthIndicator) composite.getContributor("users")).health().getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void downNamingTheNoSpaceAlarmThenUpOnceDisarmedThenDownWhenNothingAnswers() {
		try (EtcdCluster small = EtcdCluster.builder().arguments("--quota-backend-bytes", "1048576").start();
				EtcdClient client = EtcdClient.builder().endpoints(small.clientEndpoints()).build()) {
			EtcdHealthIndicator indicator = new EtcdHealthIndicator(client);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
			Throwable refused = null;
			for (int i = 0; i < 300 && refused == null; i++) {
				// fill the database until etcd raises its NOSPACE alarm (bounded: 30 MB
				// against a 1 MB quota)
				refused = catchThrowable(
						client.kv().put(ByteSequence.from("fill/" + i), ByteSequence.from(new byte[100_000]))::join);
			}
			assertThat(refused).hasCauseInstanceOf(NoSpaceException.class);
			Health full = indicator.health(true);
			assertThat(full.getStatus()).isEqualTo(Status.DOWN);
			assertThat(full.getDetails().get("alarms")).asString().contains("NOSPACE on member");
			assertThat(full.getDetails().get("reason")).asString().startsWith("Alarm NOSPACE on member");

			long revision = client.kv().get("fill/0").join().header().revision();
			client.kv().delete(DeleteOp.prefix("fill/")).join();
			client.kv().compact(revision, true).join();
			client.maintenance().defragment(small.clientEndpoint()).join();
			for (Alarm alarm : client.maintenance().alarms().join()) {
				client.maintenance().disarm(alarm).join();
			}
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

			small.member(0).kill();
			Health gone = indicator.health(true);
			assertThat(gone.getStatus()).isEqualTo(Status.DOWN);
			assertThat(gone.getDetails().get("reason")).asString().startsWith("No etcd endpoint answered within 2 s");
			assertThat(endpoints(gone).get(small.clientEndpoint())).containsEntry("reachable", false)
				.containsKey("error");
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoClients {

		@Bean(destroyMethod = "close")
		EtcdClient orders() {
			return EtcdClient.builder().endpoints(etcd.cluster().clientEndpoint()).build();
		}

		@Bean(destroyMethod = "close")
		EtcdClient users() {
			return EtcdClient.builder().endpoints(etcd.cluster().clientEndpoint()).build();
		}

	}

}
