package dev.etcdspring.client;

import java.util.UUID;

/** Unique key prefixes, so tests can share one etcd server. */
final class TestKeys {

	private TestKeys() {
	}

	static String unique(String name) {
		return "test/" + name + "/" + UUID.randomUUID().toString().substring(0, 8) + "/";
	}

}
