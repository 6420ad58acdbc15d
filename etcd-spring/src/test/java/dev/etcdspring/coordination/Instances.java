package dev.etcdspring.coordination;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.test.EtcdClusterExtension;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Application contexts that stand for instances of one application: each has its own
 * client of the endpoints in {@code test.endpoints} and shares the key prefix in
 * {@code test.prefix}.
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
	 * Waits until every thread started since the snapshot has ended, but the JDK's and
	 * the test tools' own.
	 */
	static void awaitNoThreadLeftSince(Set<Thread> snapshot) {
		Predicate<String> ours = (name) -> TOOL_THREADS.stream().noneMatch(name::startsWith);
		await().pollInSameThread()
			.atMost(Duration.ofMinutes(1))
			.untilAsserted(() -> assertThat(Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter((thread) -> thread.isAlive() && !snapshot.contains(thread))
				.map(Thread::getName)
				.filter(ours)).isEmpty());
	}

	/** The instances and the worker threads of one test, all closed after it. */
	static final class Fleet {

		private final EtcdClusterExtension etcd;

		private final String prefix;

		private final List<AnnotationConfigApplicationContext> instances = new ArrayList<>();

		private final Map<String, AnnotationConfigApplicationContext> candidates = new HashMap<>();

		final ExecutorService threads = Executors.newCachedThreadPool((task) -> new Thread(task, "test-worker"));

		Fleet(EtcdClusterExtension etcd, String prefix) {
			this.etcd = etcd;
			this.prefix = prefix;
		}

		AnnotationConfigApplicationContext start(Map<String, Object> properties, Class<?>... classes) {
			AnnotationConfigApplicationContext instance = Instances.start(this.etcd.endpoints(), this.prefix,
					properties, classes);
			this.instances.add(instance);
			return instance;
		}

		/**
		 * Starts an instance of a candidate for leadership, with the candidate id
		 * {@code test.candidate}.
		 */
		AnnotationConfigApplicationContext candidate(String id, Map<String, Object> properties, Class<?>... classes) {
			Map<String, Object> all = new HashMap<>(properties);
			all.put("test.candidate", id);
			AnnotationConfigApplicationContext instance = start(all, classes);
			this.candidates.put(id, instance);
			return instance;
		}

		AnnotationConfigApplicationContext candidate(String id) {
			return this.candidates.get(id);
		}

		List<AnnotationConfigApplicationContext> instances() {
			return this.instances;
		}

		/**
		 * Ends the worker threads, closes every instance, and forgets the test's terms of
		 * office.
		 */
		void close() throws InterruptedException {
			this.threads.shutdownNow();
			assertThat(this.threads.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
			this.instances.forEach(AnnotationConfigApplicationContext::close);
			Terms.forget(this.prefix);
		}

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
			long ttl = environment.getProperty("test.session-ttl-seconds", Long.class, 10L);
			registry.setSessionTtl(Duration.ofSeconds(ttl));
			return registry;
		}

	}

}
