package dev.etcdspring.client.internal;

import java.util.List;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.election.ElectionClient;
import dev.etcdspring.client.kv.KvClient;
import dev.etcdspring.client.lease.LeaseClient;
import dev.etcdspring.client.lock.LockClient;
import dev.etcdspring.client.watch.WatchClient;

/**
 * The {@link EtcdClient}: one {@link Connection} and the services over it.
 */
public final class DefaultEtcdClient implements EtcdClient {

	private final Connection connection;

	private final KvClient kv;

	private final WatchClient watch;

	private final LeaseClient lease;

	private final LockClient lock;

	private final ElectionClient election;

	private DefaultEtcdClient(Connection connection, ClientConfig config) {
		this.connection = connection;
		Namespace namespace = new Namespace(config.namespace());
		LeaseService leases = new LeaseService(connection, namespace, new LeaseKeeper(connection),
				config.requestTimeout());
		LockService locks = new LockService(connection, namespace, leases, config.requestTimeout());
		this.kv = new KvService(connection, namespace, config.requestTimeout(), leases);
		this.watch = new WatchService(connection, namespace);
		this.lease = leases;
		this.lock = locks;
		this.election = new ElectionService(connection, namespace, locks, config.requestTimeout());
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
	public LeaseClient lease() {
		return this.lease;
	}

	@Override
	public LockClient lock() {
		return this.lock;
	}

	@Override
	public ElectionClient election() {
		return this.election;
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
