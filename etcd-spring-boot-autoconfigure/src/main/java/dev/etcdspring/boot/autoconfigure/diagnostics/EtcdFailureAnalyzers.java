package dev.etcdspring.boot.autoconfigure.diagnostics;

import java.util.List;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/** What the analyzers read from the environment. */
final class EtcdFailureAnalyzers {

	private EtcdFailureAnalyzers() {
	}

	static List<String> endpoints(Environment environment) {
		return Binder.get(environment)
			.bind("etcd.endpoints", Bindable.listOf(String.class))
			.orElse(List.of("http://localhost:2379 (the default)"));
	}

	static String property(Environment environment, String name, String fallback) {
		String value = environment.getProperty(name);
		return (value != null) ? value : fallback;
	}

}
