package dev.etcdspring.sample;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.etcdspring.annotation.EtcdWatch;
import dev.etcdspring.client.watch.WatchEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A local copy of everything under {@code config/}, loaded when the application starts and kept up
 * to date by an {@link EtcdWatch} listener; served without asking etcd.
 */
@RestController
class ConfigView {

	private final Map<String, String> entries = new ConcurrentHashMap<>();

	@EtcdWatch(key = "config/", prefix = true, initialLoad = true)
	void onChange(String key, @Nullable String value, WatchEvent.Type type) {
		if (type == WatchEvent.Type.PUT && value != null) {
			this.entries.put(key, value);
		}
		else {
			this.entries.remove(key);
		}
	}

	@GetMapping("/view")
	Map<String, String> view() {
		return new TreeMap<>(this.entries);
	}

}
