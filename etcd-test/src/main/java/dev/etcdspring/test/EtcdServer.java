package dev.etcdspring.test;

import java.util.List;

/**
 * A running etcd for tests: local processes ({@link EtcdCluster}) or, where no etcd
 * binary is installed and a Docker engine is, a container ({@link EtcdContainer}).
 */
public interface EtcdServer extends AutoCloseable {

	/**
	 * Starts one etcd member: a local process when an etcd binary is found, else a
	 * container when Testcontainers is on the class path and a Docker engine answers.
	 * @return the running server
	 * @throws IllegalStateException when neither is possible, saying how to get an etcd
	 * binary
	 */
	static EtcdServer startSingle() {
		if (EtcdBinary.isAvailable() || !EtcdContainer.isSupported()) {
			return EtcdCluster.builder().start();
		}
		return EtcdContainer.start();
	}

	/**
	 * Client URLs of every member.
	 * @return the endpoints
	 */
	List<String> clientEndpoints();

	/**
	 * The first member's client URL.
	 * @return the endpoint
	 */
	default String clientEndpoint() {
		return clientEndpoints().get(0);
	}

	/** Stops the server and removes its data. Idempotent. */
	@Override
	void close();

}
