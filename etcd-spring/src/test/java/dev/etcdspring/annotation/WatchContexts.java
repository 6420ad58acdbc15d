package dev.etcdspring.annotation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.watch.WatchEvent;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * Plain Spring application contexts with {@code @EnableEtcdWatch} and a client of the
 * endpoints in the property {@code test.endpoints}; each gets its own key prefix in
 * {@code test.prefix}.
 */
final class WatchContexts {

	private WatchContexts() {
	}

	/** A fresh key prefix. */
	static String prefix(String name) {
		return "watch/" + name + "/" + UUID.randomUUID() + "/";
	}

	static AnnotationConfigApplicationContext start(List<String> endpoints, String prefix, Class<?>... classes) {
		return start(endpoints, prefix, Map.of(), classes);
	}

	static AnnotationConfigApplicationContext start(List<String> endpoints, String prefix,
			Map<String, Object> properties, Class<?>... classes) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		Map<String, Object> all = new HashMap<>(properties);
		all.put("test.endpoints", String.join(",", endpoints));
		all.put("test.prefix", prefix);
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", all));
		context.register(ClientConfiguration.class);
		if (classes.length > 0) {
			context.register(classes);
		}
		try {
			context.refresh();
		}
		catch (RuntimeException ex) {
			context.close();
			throw ex;
		}
		return context;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableEtcdWatch
	static class ClientConfiguration {

		@Bean(destroyMethod = "close")
		EtcdClient etcdClient(Environment environment) {
			return EtcdClient.builder().endpoints(environment.getRequiredProperty("test.endpoints").split(",")).build();
		}

		@Bean
		Seen seen(Environment environment) {
			return new Seen(environment.getRequiredProperty("test.prefix"));
		}

	}

	/**
	 * What listeners saw, as text: {@code TYPE key=value @revision}, keys without the
	 * prefix.
	 */
	static final class Seen {

		final List<String> lines = new CopyOnWriteArrayList<>();

		final List<WatchEvent> events = new CopyOnWriteArrayList<>();

		final String prefix;

		Seen(String prefix) {
			this.prefix = prefix;
		}

		void add(String line) {
			this.lines.add(line.replace(this.prefix, ""));
		}

		void add(WatchEvent event) {
			this.events.add(event);
			add(event.type() + " " + event.kv().keyAsString() + "=" + event.kv().valueAsString());
		}

	}

}
