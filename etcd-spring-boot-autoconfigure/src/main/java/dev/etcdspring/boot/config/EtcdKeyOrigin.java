package dev.etcdspring.boot.config;

import org.springframework.boot.origin.Origin;

/**
 * Where a property read from a single etcd key came from: shown by {@code /actuator/env}
 * and in binding errors.
 *
 * @param key the etcd key
 * @param modRevision the revision that last modified it
 */
record EtcdKeyOrigin(String key, long modRevision) implements Origin {

	@Override
	public String toString() {
		return "etcd key '" + this.key + "' (mod revision " + this.modRevision + ")";
	}

}
