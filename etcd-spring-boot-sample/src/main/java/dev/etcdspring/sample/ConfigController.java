package dev.etcdspring.sample;

import java.util.Map;

import dev.etcdspring.core.EtcdTemplate;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reads and writes configuration entries under {@code config/} in etcd.
 */
@RestController
@RequestMapping("/config")
class ConfigController {

	private static final String PREFIX = "config/";

	private final EtcdTemplate etcd;

	ConfigController(EtcdTemplate etcd) {
		this.etcd = etcd;
	}

	@GetMapping
	Map<String, String> all() {
		return this.etcd.getPrefix(PREFIX);
	}

	@GetMapping("/{key}")
	ResponseEntity<String> get(@PathVariable String key) {
		return ResponseEntity.of(this.etcd.get(PREFIX + key));
	}

	@PutMapping("/{key}")
	Map<String, Object> put(@PathVariable String key, @RequestBody String value) {
		return Map.of("key", key, "revision", this.etcd.put(PREFIX + key, value));
	}

	@DeleteMapping("/{key}")
	ResponseEntity<Void> delete(@PathVariable String key) {
		return this.etcd.delete(PREFIX + key) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
	}

}
