package dev.etcdspring.sample;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.etcdspring.annotation.EtcdWatch;
import dev.etcdspring.client.watch.WatchEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A local copy of every flag, loaded when the application starts and kept up to date by
 * an {@link EtcdWatch} listener; served at {@code /view/flags} without asking etcd.
 */
@RestController
class FlagView {

	private static final Logger logger = LoggerFactory.getLogger(FlagView.class);

	private final Map<String, Flag> flags = new ConcurrentHashMap<>();

	@EtcdWatch(key = FlagController.PREFIX, prefix = true, initialLoad = true)
	void onFlag(String key, @Nullable Flag flag, WatchEvent.Type type) {
		String name = key.substring(FlagController.PREFIX.length());
		if (type == WatchEvent.Type.PUT && flag != null) {
			this.flags.put(name, flag);
			logger.info("Flag {} is now {}", name, flag.enabled() ? "on" : "off");
		}
		else {
			this.flags.remove(name);
			logger.info("Flag {} is gone", name);
		}
	}

	@GetMapping("/view/flags")
	Map<String, Flag> view() {
		return new TreeMap<>(this.flags);
	}

}
