package dev.etcdspring.coordination;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.kv.GetOp;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Application contexts that stand for instances of one application: each has its own client of the
 * endpoints in {@code test.endpoints} and shares the key prefix in {@code test.prefix}.
 */
final class Instances {

	private static final List<String> TOOL_THREADS = List.of("awaitility", "ForkJoinPool.commonPool", "process reaper",
			"Attach Listener", "test-worker");

	private Instances() {
	}

	/** A fresh key prefix. */
	static String prefix(String name) {
		return "coordination/" + name + "/" + UUID.randomUUID() + "/";
	}

	static AnnotationConfigApplicationContext start(List<String> endpoints, String prefix, Class<?>... classes) {
		return start(endpoints, prefix, Map.of(), classes);
	}

	/** Starts an instance; a failed refresh destroys what it created. */
	static AnnotationConfigApplicationContext start(List<String> endpoints, String prefix,
			Map<String, Object> properties, Class<?>... classes) {
		Map<String, Object> all = new HashMap<>(properties);
		all.put("test.endpoints", String.join(",", endpoints));
		all.put("test.prefix", prefix);
		AnnotationConfigApplicationContext instance = new AnnotationConfigApplicationContext();
		instance.getEnvironment().getPropertySources().addFirst(new MapPropertySource("instance", all));
		instance.register(ClientConfiguration.class);
		instance.register(classes);
		instance.refresh();
		return instance;
	}

	/** The keys under a prefix, as text, oldest first. */
	static List<String> keys(EtcdClient client, String prefix) {
		return client.kv()
			.get(GetOp.prefix(prefix).withKeysOnly())
			.join()
			.kvs()
			.stream()
			.sorted((a, b) -> Long.compare(a.createRevision(), b.createRevision()))
			.map(KeyValue::keyAsString)
			.toList();
	}

	/**
	 * Waits until every thread started since the snapshot has ended, but the JDK's and the test
	 * tools' own.
	 */
	static void awaitNoThreadLeftSince(Set<Thread> snapshot) {
		Predicate<String> ours = (name) -> TOOL_THREADS.stream().noneMatch(name::startsWith);
		await().pollInSameThread().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && !snapshot.contains(thread))
			.map(Thread::getName)
			.filter(ours)).isEmpty());
	}

	@Configuration(proxyBeanMethods = false)
	static class ClientConfiguration {

		@Bean(destroyMethod = "close")
		EtcdClient etcdClient(Environment environment) {
			return EtcdClient.builder()
				.endpoints(environment.getRequiredProperty("test.endpoints").split(","))
				.requestTimeout(Duration.ofSeconds(20))
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LockRegistryConfiguration {

		@Bean
		EtcdLockRegistry etcdLockRegistry(EtcdClient client, Environment environment) {
			EtcdLockRegistry registry = new EtcdLockRegistry(client, environment.getRequiredProperty("test.prefix"));
			registry.setSessionTtl(Duration.ofSeconds(environment.getProperty("test.session-ttl-seconds", Long.class, 10L)));
			return registry;
		}

	}

}
