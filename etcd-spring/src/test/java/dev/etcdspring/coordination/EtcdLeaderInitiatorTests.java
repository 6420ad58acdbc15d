package dev.etcdspring.coordination;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.event.OnGrantedEvent;
import org.springframework.integration.support.SmartLifecycleRoleController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * {@link EtcdLeaderInitiator} in application contexts on one etcd server: Spring
 * Integration's events and context, yielding, a lost session, who leads, and a clean
 * stop.
 */
class EtcdLeaderInitiatorTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	private static final Duration WAIT = Duration.ofMinutes(1);

	private final String prefix = Instances.prefix("leader");

	private final Terms terms = Terms.of(this.prefix);

	private final List<AnnotationConfigApplicationContext> instances = new ArrayList<>();

	@AfterEach
	void stop() {
		this.instances.forEach(AnnotationConfigApplicationContext::close);
		Terms.forget(this.prefix);
	}

	private AnnotationConfigApplicationContext instance(String candidate, Class<?>... more) {
		List<Class<?>> classes = new ArrayList<>(List.of(Terms.InitiatorConfiguration.class));
		classes.addAll(List.of(more));
		AnnotationConfigApplicationContext instance = Instances.start(etcd.endpoints(), this.prefix,
				Map.of("test.candidate", candidate), classes.toArray(Class<?>[]::new));
		this.instances.add(instance);
		return instance;
	}

	/** Waits until the candidates have campaigned: their keys are in etcd. */
	private void awaitCandidates(AnnotationConfigApplicationContext instance, int count) {
		EtcdClient client = instance.getBean(EtcdClient.class);
		await().atMost(WAIT).until(() -> Instances.keys(client, this.prefix + "dispatcher/").size() == count);
	}

	/**
	 * Waits for the events of the leadership changes seen: a leader sets its flag, then
	 * publishes.
	 */
	private void awaitEvents(int count) {
		await().atMost(WAIT).until(() -> this.terms.events.size() >= count);
	}

	private static EtcdLeaderInitiator initiator(AnnotationConfigApplicationContext instance) {
		return instance.getBean(EtcdLeaderInitiator.class);
	}

	@Test
	void theFirstCandidateLeadsAndEveryInstanceKnowsWho() {
		AnnotationConfigApplicationContext a = instance("a");
		await().atMost(WAIT).until(() -> initiator(a).isLeader());
		AnnotationConfigApplicationContext b = instance("b");
		awaitEvents(1);
		assertThat(initiator(b).getLeader()).contains("a");
		assertThat(initiator(a).getLeader()).contains("a");
		assertThat(initiator(b).isLeader()).isFalse();
		assertThat(this.terms.events).containsExactly("granted a");
		assertThat(initiator(a).getContext().getRole()).isEqualTo("dispatcher");
		assertThat(initiator(a).getContext().isLeader()).isTrue();
	}

	@Test
	void yieldingHandsLeadershipToTheNextCandidateInLine() {
		AnnotationConfigApplicationContext a = instance("a");
		await().atMost(WAIT).until(() -> initiator(a).isLeader());
		AnnotationConfigApplicationContext b = instance("b");
		awaitCandidates(b, 2);
		initiator(a).getContext().yieldLeadership();
		await().atMost(WAIT).until(() -> initiator(b).isLeader());
		assertThat(initiator(a).isLeader()).isFalse();
		awaitEvents(3);
		assertThat(this.terms.events).containsExactly("granted a", "revoked a", "granted b");
		awaitCandidates(b, 2);
		initiator(b).getContext().yieldLeadership();
		await().atMost(WAIT).until(() -> initiator(a).isLeader());
		awaitEvents(5);
		assertThat(this.terms.events).endsWith("revoked b", "granted a");
		assertThat(this.terms.most()).isEqualTo(1);
		assertThat(this.terms.overlaps).isEmpty();
		assertThat(this.terms.threads).as("published on the initiators' own threads, not the client's")
			.allMatch("etcd-leader-dispatcher"::equals);
	}

	@Test
	void afterALostSessionLeadershipIsRevokedAndCampaignedForAgain() {
		AnnotationConfigApplicationContext a = instance("a");
		await().atMost(WAIT).until(() -> initiator(a).isLeader());
		EtcdClient client = a.getBean(EtcdClient.class);
		KeyValue leader = client.election().leader(this.prefix + "dispatcher").join().orElseThrow();
		client.lease().revoke(leader.lease()).join();
		await().atMost(WAIT).until(() -> this.terms.events.size() == 3);
		assertThat(this.terms.events).containsExactly("granted a", "revoked a", "granted a");
		assertThat(initiator(a).isLeader()).isTrue();
		assertThat(client.election().leader(this.prefix + "dispatcher").join().orElseThrow().lease())
			.isNotEqualTo(leader.lease());
	}

	@Test
	void stoppingResignsAtOnceAndStartingCampaignsAgain() {
		AnnotationConfigApplicationContext a = instance("a");
		await().atMost(WAIT).until(() -> initiator(a).isLeader());
		AnnotationConfigApplicationContext b = instance("b");
		initiator(a).stop();
		assertThat(initiator(a).isRunning()).isFalse();
		assertThat(this.terms.events).as("revoked before stop() returns").startsWith("granted a", "revoked a");
		await().atMost(WAIT).until(() -> initiator(b).isLeader());
		initiator(a).start();
		initiator(b).stop();
		await().atMost(WAIT).until(() -> initiator(a).isLeader());
		initiator(a).stop();
		assertThat(initiator(a).getLeader()).isEmpty();
		assertThat(this.terms.overlaps).isEmpty();
	}

	@Configuration(proxyBeanMethods = false)
	static class RoleConfiguration {

		@Bean
		Dispatcher dispatcher() {
			return new Dispatcher();
		}

		@Bean
		SmartLifecycleRoleController roleController(Dispatcher dispatcher) {
			return new SmartLifecycleRoleController(List.of("dispatcher"), List.of(dispatcher));
		}

		@Bean
		GrantedContexts grantedContexts() {
			return new GrantedContexts();
		}

	}

	/** An endpoint that only the leader runs. */
	static class Dispatcher implements SmartLifecycle {

		private volatile boolean running;

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public boolean isAutoStartup() {
			return false;
		}

	}

	static class GrantedContexts {

		final List<Context> contexts = new CopyOnWriteArrayList<>();

		@EventListener
		void on(OnGrantedEvent event) {
			this.contexts.add(event.getContext());
		}

	}

	@Test
	void springIntegrationsRoleControllerRunsTheRolesEndpointsOnTheLeaderOnly() {
		AnnotationConfigApplicationContext a = instance("a", RoleConfiguration.class);
		await().atMost(WAIT).until(() -> a.getBean(Dispatcher.class).isRunning());
		AnnotationConfigApplicationContext b = instance("b", RoleConfiguration.class);
		assertThat(b.getBean(Dispatcher.class).isRunning()).isFalse();
		List<Context> contexts = a.getBean(GrantedContexts.class).contexts;
		await().atMost(WAIT).until(() -> !contexts.isEmpty());
		Context granted = contexts.get(0);
		assertThat(granted.getRole()).isEqualTo("dispatcher");
		assertThat(granted.isLeader()).isTrue();
		awaitCandidates(b, 2);
		granted.yield();
		await().atMost(WAIT).until(() -> b.getBean(Dispatcher.class).isRunning());
		assertThat(a.getBean(Dispatcher.class).isRunning()).isFalse();
		assertThat(granted.isLeader()).isFalse();
	}

	@Test
	void badRolesAndTtlsAreRefusedWithWhatToDo() {
		try (EtcdClient client = EtcdClient.builder().endpoints(etcd.endpoints()).build()) {
			assertThatIllegalArgumentException().isThrownBy(() -> new EtcdLeaderInitiator(client, ""))
				.withMessageContaining("must not be empty: name what the leader does");
			EtcdLeaderInitiator initiator = new EtcdLeaderInitiator(client);
			assertThatIllegalArgumentException().isThrownBy(() -> initiator.setSessionTtl(Duration.ofSeconds(-1)))
				.withMessageContaining("at least one second");
			assertThatIllegalArgumentException().isThrownBy(() -> initiator.setSessionTtl(Duration.ofMillis(500)))
				.withMessageContaining("at least one second");
		}
	}

	@Test
	void aLeadingInstanceLeavesNoThreadBehind() {
		Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
		AnnotationConfigApplicationContext a = instance("a");
		await().atMost(WAIT).until(() -> initiator(a).isLeader());
		a.close();
		assertThat(this.terms.events).containsExactly("granted a", "revoked a");
		Instances.awaitNoThreadLeftSince(before);
	}

}
