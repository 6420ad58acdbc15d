package dev.etcdspring.boot.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.etcdspring.client.EtcdClient;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.bootstrap.BootstrapRegistryInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import static org.awaitility.Awaitility.await;

/**
 * Runs real {@link SpringApplication}s whose configuration file (written to a temporary
 * directory) imports from etcd, and looks at the threads they leave.
 */
final class ConfigApps {

	private static final AtomicInteger ids = new AtomicInteger();

	private ConfigApps() {
	}

	/** A prefix no other test uses. */
	static String prefix(String name) {
		return "/it-" + name + "-" + ids.incrementAndGet() + "-" + System.nanoTime() + "/";
	}

	/**
	 * Starts an application.
	 * @param directory where to write its application.properties
	 * @param properties the file's properties, "name=value"
	 * @param sources the configuration classes
	 * @return the running context
	 */
	static ConfigurableApplicationContext run(Path directory, List<String> properties, Class<?>... sources) {
		return run(directory, properties, (registry) -> {
		}, sources);
	}

	/**
	 * Starts an application.
	 * @param directory where to write its application.properties
	 * @param properties the file's properties, "name=value"
	 * @param initializer registers objects in the bootstrap registry
	 * @param sources the configuration classes
	 * @return the running context
	 */
	static ConfigurableApplicationContext run(Path directory, List<String> properties,
			BootstrapRegistryInitializer initializer, Class<?>... sources) {
		SpringApplication application = new SpringApplication(sources);
		application.addBootstrapRegistryInitializer(initializer);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
		return application.run("--spring.config.location=file:" + write(directory, properties));
	}

	static Path write(Path directory, List<String> properties) {
		try {
			Path file = Files.createTempFile(directory, "application-", ".properties");
			Files.writeString(file, String.join("\n", properties) + "\n");
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Map<String, String> props(String... pairs) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put(pairs[i], pairs[i + 1]);
		}
		return map;
	}

	static void put(EtcdClient client, String prefix, Map<String, String> values) {
		values.forEach((key, value) -> client.kv().put(prefix + key, value).join());
	}

	/** The names of the etcd clients that have threads now ({@code etcd-client-N}). */
	static Set<String> clientThreadNames() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.map(Thread::getName)
			.filter((name) -> name.startsWith("etcd-client-"))
			.map((name) -> {
				int second = name.indexOf('-', "etcd-client-".length());
				return (second > 0) ? name.substring(0, second) : name;
			})
			.collect(Collectors.toCollection(TreeSet::new));
	}

	static boolean refreshThreadAlive() {
		return Thread.getAllStackTraces().keySet().stream().anyMatch((t) -> t.getName().equals("etcd-config-refresh"));
	}

	/** Waits until no thread of the given clients, and no refresh thread, is alive. */
	static void awaitThreadsGone(Set<String> clients) {
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			Set<String> alive = clientThreadNames();
			alive.retainAll(clients);
			return alive.isEmpty() && !refreshThreadAlive();
		});
	}

}
