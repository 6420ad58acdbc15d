package dev.etcdspring.boot.config;

import java.util.Set;
import java.util.TreeSet;

/**
 * What one update of a prefix changed.
 *
 * @param prefix the prefix
 * @param revision the revision the prefix's folders now reflect
 * @param properties the names of the properties whose values changed, appeared or
 * disappeared
 * @param keys the etcd keys that were put or deleted
 */
record ConfigChange(String prefix, long revision, Set<String> properties, Set<String> keys) {

	/**
	 * Copies the sets.
	 * @param prefix the prefix
	 * @param revision the revision
	 * @param properties the changed properties
	 * @param keys the changed keys
	 */
	ConfigChange {
		properties = Set.copyOf(properties);
		keys = Set.copyOf(keys);
	}

	/**
	 * This change followed by a later one of the same prefix.
	 * @param later the later change
	 * @return both together, at the later revision
	 */
	ConfigChange merge(ConfigChange later) {
		Set<String> mergedProperties = new TreeSet<>(this.properties);
		mergedProperties.addAll(later.properties);
		Set<String> mergedKeys = new TreeSet<>(this.keys);
		mergedKeys.addAll(later.keys);
		return new ConfigChange(this.prefix, Math.max(this.revision, later.revision), mergedProperties, mergedKeys);
	}

}
