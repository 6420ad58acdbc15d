package dev.etcdspring.boot.reliability;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import dev.etcdspring.annotation.EtcdWatch;
import dev.etcdspring.boot.autoconfigure.EtcdAutoConfiguration;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.core.EtcdTemplate;
import dev.etcdspring.test.EtcdClusterExtension;
import dev.etcdspring.test.EtcdMember;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 50 application contexts with the auto-configuration (client, template, an
 * {@code @EtcdWatch} listener) started, used and closed in one JVM: threads, file
 * descriptors and the server's watches come back to where they were.
 */
@Tag("reliability")
class ContextLeakTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.perClass(dev.etcdspring.test.EtcdCluster.builder());

	private static final int CONTEXTS = 50;

	@Configuration(proxyBeanMethods = false)
	static class Listening {

		@Bean
		Listener listener() {
			return new Listener();
		}

	}

	static class Listener {

		@EtcdWatch(key = "ctx/", prefix = true, initialLoad = true)
		void onChange(String key, String value) {
		}

	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class))
		.withUserConfiguration(Listening.class);

	@Test
	void fiftyContextsOpenedAndClosedLeaveNothingBehind() {
		EtcdMember member = etcd.cluster().member(0);
		for (int i = 0; i < 3; i++) {
			useOnce(i);
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> member.metric("etcd_debugging_mvcc_watcher_total") == 0);
		int threadsBefore = threadNames().size();
		Set<String> namesBefore = threadNames();
		long fdsBefore = openFileDescriptors();
		long heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

		long started = System.nanoTime();
		for (int i = 0; i < CONTEXTS; i++) {
			useOnce(i);
		}
		long elapsed = System.nanoTime() - started;

		await("threads back to the baseline").atMost(Duration.ofSeconds(60))
			.until(() -> threadNames().size() <= threadsBefore + 2);
		await("file descriptors back to the baseline").atMost(Duration.ofSeconds(60))
			.until(() -> openFileDescriptors() <= fdsBefore + 4);
		await("server-side watches gone").atMost(Duration.ofSeconds(60))
			.until(() -> member.metric("etcd_debugging_mvcc_watcher_total") == 0);
		Set<String> extra = new TreeSet<>(threadNames());
		extra.removeAll(namesBefore);
		Figures.record("ContextLeakTests (" + CONTEXTS + " contexts)",
				"time per context (start, put, get, an @EtcdWatch delivery, close)",
				(elapsed / CONTEXTS / 1_000_000) + " ms");
		Figures.record("ContextLeakTests (" + CONTEXTS + " contexts)", "threads / file descriptors before and after",
				threadsBefore + " -> " + threadNames().size() + " / " + fdsBefore + " -> " + openFileDescriptors()
						+ (extra.isEmpty() ? "" : " (new threads: " + extra + ")"));
		assertThat(extra).as("no thread of ours left").noneMatch((name) -> name.startsWith("etcd"));
		assertThat(heapBefore).isPositive();
	}

	private void useOnce(int i) {
		this.runner.withPropertyValues("etcd.endpoints=" + etcd.endpoints().get(0)).run((context) -> {
			assertThat(context).hasNotFailed();
			EtcdTemplate template = context.getBean(EtcdTemplate.class);
			template.put("ctx/" + (i % 5), "v" + i);
			assertThat(template.get("ctx/" + (i % 5))).hasValue("v" + i);
			assertThat(context.getBean(EtcdClient.class).endpoints()).isNotEmpty();
		});
	}

	private static Set<String> threadNames() {
		Map<String, Integer> seen = new HashMap<>();
		Set<String> names = new TreeSet<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.getName().startsWith("process reaper")) {
				// the JDK's, waiting for child processes of other tests (etcd, kill)
				continue;
			}
			int n = seen.merge(thread.getName(), 1, Integer::sum);
			names.add(thread.getName() + ((n > 1) ? " #" + n : ""));
		}
		return names;
	}

	private static long openFileDescriptors() {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.count();
		}
		catch (IOException ex) {
			return 0;
		}
	}

}
