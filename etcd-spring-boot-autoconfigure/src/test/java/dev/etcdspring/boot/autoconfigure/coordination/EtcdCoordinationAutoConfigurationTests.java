package dev.etcdspring.boot.autoconfigure.coordination;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Lock;

import dev.etcdspring.boot.autoconfigure.EtcdAutoConfiguration;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.coordination.EtcdLeaderInitiator;
import dev.etcdspring.coordination.EtcdLockRegistry;
import dev.etcdspring.coordination.EtcdMetadataStore;
import dev.etcdspring.coordination.LeadershipEvent;
import dev.etcdspring.coordination.LeadershipGrantedEvent;
import dev.etcdspring.core.EtcdTemplate;
import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.integration.leader.event.OnGrantedEvent;
import org.springframework.integration.metadata.MetadataStore;
import org.springframework.integration.metadata.SimpleMetadataStore;
import org.springframework.integration.support.locks.DefaultLockRegistry;
import org.springframework.integration.support.locks.LockRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How Spring Boot wires locks, leader election and the metadata store, against a real
 * etcd.
 */
class EtcdCoordinationAutoConfigurationTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	private static final Duration WAIT = Duration.ofMinutes(1);

	private final String prefix = "boot/coordination/" + UUID.randomUUID() + "/";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdCoordinationAutoConfiguration.class))
		.withPropertyValues("etcd.endpoints=" + String.join(",", etcd.endpoints()), "etcd.namespace=" + this.prefix);

	/** The leader events an application hears. */
	static class LeaderEvents {

		final List<ApplicationEvent> events = new CopyOnWriteArrayList<>();

		@EventListener({ OnGrantedEvent.class, LeadershipEvent.class })
		void on(ApplicationEvent event) {
			this.events.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Listening {

		@Bean
		LeaderEvents leaderEvents() {
			return new LeaderEvents();
		}

	}

	@Test
	void withSpringIntegrationTheLockRegistryAndTheMetadataStoreWork() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(EtcdLockRegistry.class)
				.hasSingleBean(EtcdMetadataStore.class)
				.hasBean("metadataStore")
				.doesNotHaveBean(EtcdLeaderInitiator.class);
			Lock lock = context.getBean(LockRegistry.class).obtain("job");
			assertThat(lock.tryLock()).isTrue();
			lock.unlock();
			MetadataStore store = context.getBean(MetadataStore.class);
			store.put("offset", "7");
			assertThat(context.getBean(EtcdTemplate.class).get("metadata/offset")).hasValue("7");
		});
	}

	@Test
	void propertiesReachTheBeans() {
		this.contextRunner
			.withPropertyValues("etcd.lock.prefix=my-locks/", "etcd.lock.session-ttl=7s",
					"etcd.metadata-store.prefix=my-metadata/")
			.run((context) -> {
				EtcdLockRegistry registry = context.getBean(EtcdLockRegistry.class);
				assertThat(registry.getPrefix()).isEqualTo("my-locks/");
				assertThat(registry.getSessionTtl()).isEqualTo(Duration.ofSeconds(7));
				assertThat(context.getBean(EtcdMetadataStore.class).getPrefix()).isEqualTo("my-metadata/");
			});
	}

	@Test
	void propertyDefaultsAreTheLibraryDefaults() {
		EtcdCoordinationProperties properties = new EtcdCoordinationProperties();
		assertThat(properties.getLock().getPrefix()).isEqualTo(EtcdLockRegistry.DEFAULT_PREFIX);
		assertThat(properties.getLock().getSessionTtl()).isEqualTo(EtcdLockRegistry.DEFAULT_SESSION_TTL);
		assertThat(properties.getMetadataStore().getPrefix()).isEqualTo(EtcdMetadataStore.DEFAULT_PREFIX);
		assertThat(properties.getLeader().isEnabled()).isFalse();
		assertThat(properties.getLeader().getRole()).isEqualTo(EtcdLeaderInitiator.DEFAULT_ROLE);
		assertThat(properties.getLeader().getPrefix()).isEqualTo(EtcdLeaderInitiator.DEFAULT_PREFIX);
		assertThat(properties.getLeader().getSessionTtl()).isEqualTo(EtcdLeaderInitiator.DEFAULT_SESSION_TTL);
		assertThat(properties.getLeader().getCandidateId()).isNull();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		@Bean
		DefaultLockRegistry myLocks() {
			return new DefaultLockRegistry();
		}

		@Bean
		SimpleMetadataStore myMetadata() {
			return new SimpleMetadataStore();
		}

		@Bean
		EtcdLeaderInitiator myInitiator(EtcdClient client) {
			EtcdLeaderInitiator initiator = new EtcdLeaderInitiator(client, "mine");
			initiator.setAutoStartup(false);
			return initiator;
		}

	}

	@Test
	void whenTheApplicationDefinesItsOwnBeansTheAutoConfiguredOnesBackOff() {
		this.contextRunner.withUserConfiguration(UserBeans.class)
			.withPropertyValues("etcd.leader.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(LockRegistry.class)
				.doesNotHaveBean(EtcdLockRegistry.class)
				.hasSingleBean(MetadataStore.class)
				.doesNotHaveBean(EtcdMetadataStore.class)
				.hasSingleBean(EtcdLeaderInitiator.class)
				.hasBean("myInitiator"));
	}

	@Test
	void whenEnabledTheLeaderInitiatorLeadsWithItsPropertiesAndPublishesSpringIntegrationEvents() {
		this.contextRunner.withUserConfiguration(Listening.class)
			.withPropertyValues("etcd.leader.enabled=true", "etcd.leader.role=dispatcher",
					"etcd.leader.prefix=my-elections/", "etcd.leader.candidate-id=node-1", "etcd.leader.session-ttl=5s")
			.run((context) -> {
				EtcdLeaderInitiator initiator = context.getBean(EtcdLeaderInitiator.class);
				await().atMost(WAIT).until(initiator::isLeader);
				assertThat(initiator.getRole()).isEqualTo("dispatcher");
				assertThat(initiator.getLeader()).contains("node-1");
				assertThat(context.getBean(EtcdTemplate.class).getPrefix("my-elections/dispatcher/"))
					.containsValue("node-1");
				LeaderEvents events = context.getBean(LeaderEvents.class);
				await().atMost(WAIT).until(() -> !events.events.isEmpty());
				assertThat(events.events).singleElement()
					.isInstanceOfSatisfying(OnGrantedEvent.class,
							(event) -> assertThat(event.getRole()).isEqualTo("dispatcher"));
			});
	}

	@Test
	void withoutSpringIntegrationTheLockBeansBackOffAndLeaderElectionPublishesItsOwnEvents() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.integration"))
			.withUserConfiguration(Listening.class)
			.withPropertyValues("etcd.leader.enabled=true")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(EtcdLockRegistry.class)
					.doesNotHaveBean(EtcdMetadataStore.class)
					.hasSingleBean(EtcdTemplate.class);
				context.getBean(EtcdTemplate.class).put("still", "works");
				assertThat(context.getBean(EtcdTemplate.class).get("still")).hasValue("works");
				EtcdLeaderInitiator initiator = context.getBean(EtcdLeaderInitiator.class);
				await().atMost(WAIT).until(initiator::isLeader);
				LeaderEvents events = context.getBean(LeaderEvents.class);
				await().atMost(WAIT).until(() -> !events.events.isEmpty());
				assertThat(events.events).singleElement()
					.isInstanceOfSatisfying(LeadershipGrantedEvent.class,
							(event) -> assertThat(event.getContext().isLeader()).isTrue());
				assertThat(initiator.getCandidateId()).as("a random UUID").hasSize(36);
			});
	}

	@Test
	void aSessionTtlUnderASecondFailsStartupSayingWhatToDo() {
		this.contextRunner.withPropertyValues("etcd.lock.session-ttl=-1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("at least one second"));
	}

	@Test
	void withoutTheLibraryNothingIsConfigured() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(EtcdLeaderInitiator.class))
			.withPropertyValues("etcd.leader.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(EtcdClient.class)
				.doesNotHaveBean(EtcdCoordinationProperties.class)
				.doesNotHaveBean(EtcdLockRegistry.class));
	}

}
