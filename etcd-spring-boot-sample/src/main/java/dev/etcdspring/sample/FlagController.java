package dev.etcdspring.sample;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import dev.etcdspring.core.EtcdTemplate;
import org.jspecify.annotations.Nullable;

import org.springframework.format.annotation.DurationFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sets, reads, lists and deletes feature flags in etcd through {@link EtcdTemplate}: JSON
 * values under {@code flags/} (inside the application's namespace), optionally with a
 * time to live ({@code ?ttl=30s}, {@code 5m}, {@code 1h}).
 */
@RestController
@RequestMapping("/flags")
class FlagController {

	static final String PREFIX = "flags/";

	private final EtcdTemplate etcd;

	FlagController(EtcdTemplate etcd) {
		this.etcd = etcd;
	}

	@GetMapping
	Map<String, Flag> all() {
		Map<String, Flag> flags = new TreeMap<>();
		this.etcd.getPrefix(PREFIX, Flag.class).forEach((key, flag) -> flags.put(key.substring(PREFIX.length()), flag));
		return flags;
	}

	@GetMapping("/{name}")
	ResponseEntity<Flag> get(@PathVariable String name) {
		return ResponseEntity.of(this.etcd.get(PREFIX + name, Flag.class));
	}

	@PutMapping("/{name}")
	Written put(@PathVariable String name, @RequestBody Flag flag, @RequestParam(required = false) @DurationFormat(
			style = DurationFormat.Style.SIMPLE) @Nullable Duration ttl) {
		long revision = (ttl != null) ? this.etcd.put(PREFIX + name, flag, ttl) : this.etcd.put(PREFIX + name, flag);
		return new Written(name, revision);
	}

	@DeleteMapping("/{name}")
	ResponseEntity<Void> delete(@PathVariable String name) {
		return this.etcd.delete(PREFIX + name) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
	}

	/**
	 * What a {@code PUT} answers.
	 *
	 * @param name the flag's name
	 * @param revision the etcd revision of the write
	 */
	record Written(String name, long revision) {

	}

}
