package dev.etcdspring.annotation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.etcdspring.annotation.WatchContexts.Seen;
import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.listener.EtcdWatchContainer;
import dev.etcdspring.listener.EtcdWatchEndpoint;
import dev.etcdspring.listener.EtcdWatchRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Listeners started and stopped with the context, by id, at run time, on executors,
 * lazily.
 */
class EtcdWatchLifecycleTests extends WatchTestSupport {

	static class ById {

		private final Seen seen;

		ById(Seen seen) {
			this.seen = seen;
		}

		@EtcdWatch(id = "orders", key = "${test.prefix}orders/", prefix = true)
		void orders(String key, String value) {
			this.seen.add("orders " + value);
		}

		@EtcdWatch(id = "later", key = "${test.prefix}later", autoStartup = "${test.later-auto-startup:false}")
		void later(String value) {
			this.seen.add("later " + value);
		}

	}

	@Test
	void listenersStartAndStopByIdAndResumeWithoutLoss() {
		try (AnnotationConfigApplicationContext context = start(ById.class)) {
			EtcdWatchRegistry registry = context.getBean(EtcdWatchRegistry.class);
			Seen seen = context.getBean(Seen.class);
			// in the order the listeners were found, which reflection does not fix
			assertThat(registry.getStates()).containsOnly(Map.entry("orders", EtcdWatchContainer.State.RUNNING),
					Map.entry("later", EtcdWatchContainer.State.STOPPED));
			put("orders/1", "a");
			await().until(() -> seen.lines.contains("orders a"));

			registry.stop("orders");
			assertThat(registry.getState("orders")).isEqualTo(EtcdWatchContainer.State.STOPPED);
			put("orders/2", "b");
			put("orders/1", "c");
			put("later", "before its start");
			registry.start("orders");
			registry.start("later");
			put("later", "after its start");
			await().atMost(Duration.ofSeconds(30)).until(() -> seen.lines.size() >= 4);
			await().during(Duration.ofMillis(300)).until(() -> seen.lines.size() == 4);
			assertThat(seen.lines).containsExactlyInAnyOrder("orders a", "orders b", "orders c",
					"later after its start");
			assertThat(seen.lines.stream().filter((line) -> line.startsWith("orders")).toList()).as("in revision order")
				.containsExactly("orders a", "orders b", "orders c");
			assertThat(registry.getState("later")).isEqualTo(EtcdWatchContainer.State.RUNNING);
			assertThatIllegalArgumentException().isThrownBy(() -> registry.stop("nope"))
				.withMessageContaining("'nope'")
				.withMessageContaining("orders");
		}
	}

	@Test
	void listenersAreRegisteredAtRunTimeAndUnregistered() {
		try (AnnotationConfigApplicationContext context = start()) {
			EtcdWatchRegistry registry = context.getBean(EtcdWatchRegistry.class);
			Seen seen = context.getBean(Seen.class);
			put("runtime/old", "before");
			EtcdWatchContainer container = registry
				.registerEndpoint(EtcdWatchEndpoint.builder("runtime", KeyRange.prefix(this.p + "runtime/"))
					.initialLoad(true)
					.listener(seen::add)
					.build());
			assertThat(container.getState()).isEqualTo(EtcdWatchContainer.State.RUNNING);
			assertThat(seen.lines).as("the initial load is delivered when registration returns")
				.containsExactly("PUT runtime/old=before");
			put("runtime/new", "after");
			await().until(() -> seen.lines.size() == 2);
			assertThatIllegalStateException()
				.isThrownBy(() -> registry.registerEndpoint(
						EtcdWatchEndpoint.builder("runtime", KeyRange.key("x")).listener(seen::add).build()))
				.withMessageContaining("'runtime' is registered already");
			assertThat(registry.unregister("runtime")).isSameAs(container);
			assertThat(container.getState()).isEqualTo(EtcdWatchContainer.State.STOPPED);
			assertThat(registry.getIds()).doesNotContain("runtime");
		}
	}

	@Test
	void aContainerRunsWithoutARegistryToo() {
		Seen seen = new Seen(this.p);
		EtcdWatchContainer container = new EtcdWatchContainer(client,
				EtcdWatchEndpoint.builder("alone", KeyRange.key(this.p + "alone")).listener(seen::add).build());
		container.start();
		put("alone", "1");
		await().until(() -> seen.lines.size() == 1);
		container.stop();
		assertThat(container.isRunning()).isFalse();
		assertThat(container.getLastRevision()).isPositive();
	}

	@Configuration(proxyBeanMethods = false)
	static class OnAnExecutor {

		@Bean(destroyMethod = "shutdown")
		ThreadPoolTaskExecutor watchExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setThreadNamePrefix("watch-exec-");
			executor.setCorePoolSize(2);
			executor.initialize();
			return executor;
		}

		@Bean
		ExecutorListener executorListener(Seen seen) {
			return new ExecutorListener(seen);
		}

	}

	static class ExecutorListener {

		private final Seen seen;

		ExecutorListener(Seen seen) {
			this.seen = seen;
		}

		@EtcdWatch(key = "${test.prefix}exec/", prefix = true, executor = "watchExecutor")
		void onEvent(String value) {
			this.seen.add(value + " on " + Thread.currentThread().getName().replaceAll("\\d+$", ""));
		}

	}

	@Test
	void aNamedExecutorRunsTheListenerInOrderAndTheContextLeavesNoThreadBehind() {
		Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
		try (AnnotationConfigApplicationContext context = start(OnAnExecutor.class)) {
			Seen seen = context.getBean(Seen.class);
			for (int i = 0; i < 100; i++) {
				put("exec/" + (i % 7), Integer.toString(i));
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> seen.lines.size() == 100);
			assertThat(seen.lines).allMatch((line) -> line.endsWith(" on watch-exec-"));
			assertThat(seen.lines.stream().map((line) -> Integer.parseInt(line.split(" ")[0])).toList())
				.as("one at a time, in order, although the executor has two threads")
				.isSorted();
		}
		await().pollInSameThread()
			.atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(newThreads(before)).isEmpty());
	}

	private static List<String> newThreads(Set<Thread> before) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.filter((thread) -> !before.contains(thread))
			.map(Thread::getName)
			// the JDK's and the test tools' own
			.filter((name) -> !name.startsWith("awaitility") && !name.startsWith("ForkJoinPool.commonPool")
					&& !name.equals("process reaper") && !name.startsWith("Attach Listener"))
			.collect(Collectors.toList());
	}

	@Lazy
	static class LazyListener {

		private final Seen seen;

		LazyListener(Seen seen) {
			this.seen = seen;
		}

		@EtcdWatch(key = "${test.prefix}lazy")
		void onEvent(String value) {
			this.seen.add("lazy " + value);
		}

	}

	@Test
	void aLazyBeanListensWithoutBeingAskedFor() {
		try (AnnotationConfigApplicationContext context = start(LazyListener.class)) {
			put("lazy", "1");
			Seen seen = context.getBean(Seen.class);
			await().until(() -> seen.lines.contains("lazy 1"));
		}
	}

	static class StopsItself {

		private final Seen seen;

		private final ObjectProvider<EtcdWatchRegistry> registry;

		StopsItself(Seen seen, ObjectProvider<EtcdWatchRegistry> registry) {
			this.seen = seen;
			this.registry = registry;
		}

		@EtcdWatch(id = "self", key = "${test.prefix}txn/", prefix = true)
		void onEvent(@EtcdKey String key) {
			this.seen.add(key);
			if (key.endsWith("b")) {
				this.registry.getObject().stop("self");
			}
		}

	}

	@Test
	void aListenerStoppedInTheMiddleOfATransactionResumesAfterItsLastEvent() {
		try (AnnotationConfigApplicationContext context = start(StopsItself.class)) {
			EtcdWatchRegistry registry = context.getBean(EtcdWatchRegistry.class);
			Seen seen = context.getBean(Seen.class);
			client.kv()
				.txn()
				.then(PutOp.of(this.p + "txn/a", "1"), PutOp.of(this.p + "txn/b", "1"), PutOp.of(this.p + "txn/c", "1"))
				.commit()
				.join();
			await().until(() -> registry.getState("self") == EtcdWatchContainer.State.STOPPED);
			assertThat(seen.lines).containsExactly("txn/a", "txn/b");
			registry.start("self");
			put("txn/d", "1");
			await().until(() -> seen.lines.size() == 4);
			assertThat(seen.lines).containsExactly("txn/a", "txn/b", "txn/c", "txn/d");
		}
	}

}
