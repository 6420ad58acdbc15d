package dev.etcdspring.client.internal;

import java.util.List;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.kv.KvClient;
import dev.etcdspring.client.watch.WatchClient;

/**
 * The {@link EtcdClient}: one {@link Connection} and the services over it.
 */
public final class DefaultEtcdClient implements EtcdClient {

	private final Connection connection;

	private final KvClient kv;

	private final WatchClient watch;

	private DefaultEtcdClient(Connection connection, ClientConfig config) {
		this.connection = connection;
		Namespace namespace = new Namespace(config.namespace());
		this.kv = new KvService(connection, namespace, config.requestTimeout());
		this.watch = new WatchService(connection, namespace);
	}

	/**
	 * Opens the connection and waits for a ready member, closing everything again on failure.
	 * @param config the settings
	 * @return the client
	 */
	public static EtcdClient connect(ClientConfig config) {
		Connection connection = Connection.open(config);
		try {
			connection.awaitReady(config.dialTimeout());
			return new DefaultEtcdClient(connection, config);
		}
		catch (RuntimeException | Error ex) {
			connection.close();
			throw ex;
		}
	}

	@Override
	public KvClient kv() {
		return this.kv;
	}

	@Override
	public WatchClient watch() {
		return this.watch;
	}

	@Override
	public List<String> endpoints() {
		return this.connection.endpoints();
	}

	@Override
	public void close() {
		this.connection.close();
	}

	@Override
	public String toString() {
		return "EtcdClient[" + this.connection.name() + " " + endpoints() + (this.connection.isClosed() ? ", closed" : "")
				+ "]";
	}

}
