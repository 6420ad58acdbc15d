package dev.etcdspring.client;

import dev.etcdspring.client.internal.ClientConfig;

/** Test access to what a builder would build with. */
public final class BuilderInspector {

	private BuilderInspector() {
	}

	public static ClientConfig config(EtcdClientBuilder builder) {
		return builder.config();
	}

}
