package dev.etcdspring.boot.health;

import java.util.Map;

import dev.etcdspring.boot.autoconfigure.EtcdAutoConfiguration;
import dev.etcdspring.boot.autoconfigure.health.EtcdHealthContributorAutoConfiguration;
import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class EtcdHealthIndicatorTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdHealthContributorAutoConfiguration.class))
		.withPropertyValues("etcd.endpoints=" + etcd.cluster().clientEndpoint());

	@Test
	void upWithTheMembersAndTheLeader() {
		this.contextRunner.run((context) -> {
			Health health = context.getBean(EtcdHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsKeys("endpoints", "leader");
			@SuppressWarnings("unchecked")
			Map<String, Map<String, Object>> endpoints = (Map<String, Map<String, Object>>) health.getDetails()
				.get("endpoints");
			assertThat(endpoints.get(etcd.cluster().clientEndpoint())).containsEntry("leader", true)
				.containsKeys("memberId", "version", "dbSize");
		});
	}

	@Test
	void canBeTurnedOff() {
		this.contextRunner.withPropertyValues("management.health.etcd.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdHealthIndicator.class));
	}

	@Test
	void downWhenAnAlarmIsRaisedOrNoMemberAnswers() {
		try (EtcdCluster small = EtcdCluster.builder().arguments("--quota-backend-bytes", "1048576").start();
				EtcdClient client = EtcdClient.builder().endpoints(small.clientEndpoints()).build()) {
			EtcdHealthIndicator indicator = new EtcdHealthIndicator(client);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
			for (int i = 0; i < 100 && catchThrowable(
					client.kv().put(ByteSequence.from("fill/" + i), ByteSequence.from(new byte[100_000]))::join) == null; i++) {
				// fill the database until etcd raises its NOSPACE alarm
			}
			Health full = indicator.health(true);
			assertThat(full.getStatus()).isEqualTo(Status.DOWN);
			assertThat(full.getDetails().get("alarms")).asString().contains("NOSPACE");

			small.member(0).kill();
			Health gone = indicator.health(true);
			assertThat(gone.getStatus()).isEqualTo(Status.DOWN);
			assertThat(gone.getDetails()).containsEntry("reason", "no member answered with a leader");
		}
	}

}
