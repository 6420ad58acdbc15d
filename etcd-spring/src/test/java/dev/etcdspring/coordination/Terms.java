package dev.etcdspring.coordination;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import dev.etcdspring.client.EtcdClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.integration.leader.event.AbstractLeaderEvent;
import org.springframework.integration.leader.event.OnGrantedEvent;

import static org.awaitility.Awaitility.await;

/**
 * The terms of office of the leader initiators of one test, across its instances: the
 * leadership events in the order they were published, how many initiators led at once
 * (counted from the events: a granted event follows the win, a revoked one comes before a
 * resignation and after a loss), and the initiators that led while another was granted
 * leadership.
 */
final class Terms {

	private static final Map<String, Terms> BY_PREFIX = new ConcurrentHashMap<>();

	final List<String> events = new CopyOnWriteArrayList<>();

	final List<String> overlaps = new CopyOnWriteArrayList<>();

	/** The threads the events were published on. */
	final List<String> threads = new CopyOnWriteArrayList<>();

	/** When each granted event was heard, in {@link System#nanoTime()} terms. */
	final List<Long> grantedAt = new CopyOnWriteArrayList<>();

	/** Whether each candidate leads now, by candidate id. */
	final Map<String, BooleanSupplier> candidates = new ConcurrentHashMap<>();

	private final AtomicInteger leaders = new AtomicInteger();

	private final AtomicInteger most = new AtomicInteger();

	static Terms of(String prefix) {
		return BY_PREFIX.computeIfAbsent(prefix, (key) -> new Terms());
	}

	static void forget(String prefix) {
		BY_PREFIX.remove(prefix);
	}

	void on(AbstractLeaderEvent event, String candidate) {
		this.threads.add(Thread.currentThread().getName());
		if (event instanceof OnGrantedEvent) {
			this.grantedAt.add(System.nanoTime());
			this.most.accumulateAndGet(this.leaders.incrementAndGet(), Math::max);
			this.candidates.forEach((other, leads) -> {
				if (!other.equals(candidate) && leads.getAsBoolean()) {
					this.overlaps.add(other + " led when " + candidate + " was granted");
				}
			});
			this.events.add("granted " + candidate);
		}
		else {
			this.leaders.decrementAndGet();
			this.events.add("revoked " + candidate);
		}
	}

	/** The most initiators that led at once. */
	int most() {
		return this.most.get();
	}

	/**
	 * Waits until exactly one candidate leads, and not one of the former leaders.
	 * @return its candidate id
	 */
	String awaitOneLeaderBut(List<String> former) {
		await().atMost(Duration.ofMinutes(2)).until(() -> leaders().size() == 1 && !former.contains(leaders().get(0)));
		return leaders().get(0);
	}

	/** The candidate ids of the initiators that lead now. */
	List<String> leaders() {
		return this.candidates.entrySet()
			.stream()
			.filter((candidate) -> candidate.getValue().getAsBoolean())
			.map(Map.Entry::getKey)
			.toList();
	}

	/**
	 * An initiator for the role {@code dispatcher} under {@code test.prefix}, with the
	 * candidate id {@code test.candidate} and a session TTL of
	 * {@code test.session-ttl-seconds}, whose events go to the test's terms.
	 */
	@Configuration(proxyBeanMethods = false)
	static class InitiatorConfiguration {

		@Bean
		EtcdLeaderInitiator etcdLeaderInitiator(EtcdClient client, Environment environment) {
			EtcdLeaderInitiator initiator = new EtcdLeaderInitiator(client, "dispatcher");
			initiator.setPrefix(environment.getRequiredProperty("test.prefix"));
			initiator.setCandidateId(environment.getRequiredProperty("test.candidate"));
			initiator.setSessionTtl(
					Duration.ofSeconds(environment.getProperty("test.session-ttl-seconds", Long.class, 10L)));
			Terms.of(environment.getRequiredProperty("test.prefix")).candidates.put(initiator.getCandidateId(),
					initiator::isLeader);
			return initiator;
		}

		@Bean
		Recorder recorder(Environment environment) {
			return new Recorder(environment);
		}

	}

	/** Records the instance's leader events in the test's terms. */
	static class Recorder {

		private final Terms terms;

		private final String candidate;

		Recorder(Environment environment) {
			this.terms = Terms.of(environment.getRequiredProperty("test.prefix"));
			this.candidate = environment.getRequiredProperty("test.candidate");
		}

		@EventListener
		void on(AbstractLeaderEvent event) {
			this.terms.on(event, this.candidate);
		}

	}

}
