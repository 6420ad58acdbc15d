package dev.etcdspring.client.internal;

import java.util.List;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.auth.AuthClient;
import dev.etcdspring.client.cluster.ClusterClient;
import dev.etcdspring.client.cluster.Member;
import dev.etcdspring.client.election.ElectionClient;
import dev.etcdspring.client.kv.KvClient;
import dev.etcdspring.client.lease.LeaseClient;
import dev.etcdspring.client.lock.LockClient;
import dev.etcdspring.client.maintenance.MaintenanceClient;
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

	private final ClusterClient cluster;

	private final MaintenanceClient maintenance;

	private final AuthClient auth;

	private static final System.Logger log = System.getLogger(DefaultEtcdClient.class.getName());

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
		this.cluster = new ClusterService(connection, config.requestTimeout());
		this.maintenance = new MaintenanceService(connection, config.requestTimeout());
		this.auth = new AuthService(connection, namespace, config.requestTimeout());
	}

	/**
	 * Opens the connection and waits for a ready member, closing everything again on
	 * failure.
	 * @param config the settings
	 * @return the client
	 */
	public static EtcdClient connect(ClientConfig config) {
		Connection connection = null;
		try {
			connection = Connection.open(config);
			connection.connect(config.dialTimeout());
			DefaultEtcdClient client = new DefaultEtcdClient(connection, config);
			if (!config.autoSyncInterval().isZero()) {
				client.autoSync();
			}
			return client;
		}
		catch (RuntimeException | Error ex) {
			if (connection != null) {
				connection.close();
			}
			throw ex;
		}
	}

	/**
	 * Refreshes the endpoints from the member list, now and then every interval: client
	 * URLs of started voting members with the client's scheme. A failed sync keeps the
	 * list as it is.
	 */
	private void autoSync() {
		this.cluster.list().whenComplete((members, error) -> {
			if (this.connection.isClosed()) {
				return;
			}
			if (error == null) {
				boolean secure = this.connection.currentEndpoints().get(0).secure();
				List<Endpoint> synced = new java.util.ArrayList<>();
				for (Member member : members.members()) {
					if (member.isStarted() && !member.learner()) {
						for (String url : member.clientUrls()) {
							try {
								Endpoint endpoint = Endpoint.parse(url);
								if (endpoint.secure() == secure) {
									synced.add(endpoint);
								}
							}
							catch (IllegalArgumentException ex) {
								log.log(System.Logger.Level.DEBUG,
										() -> "Skipping member URL " + url + ": " + ex.getMessage());
							}
						}
					}
				}
				if (!synced.isEmpty() && !java.util.Set.copyOf(synced)
					.equals(java.util.Set.copyOf(this.connection.currentEndpoints()))) {
					log.log(System.Logger.Level.INFO, () -> "Endpoints synced from the member list: " + synced);
					this.connection.updateEndpoints(synced);
				}
			}
			else {
				log.log(System.Logger.Level.DEBUG, () -> "Endpoint auto-sync failed; keeping the endpoints: " + error);
			}
			this.connection.schedule(this::autoSync, this.connection.config().autoSyncInterval().toNanos());
		});
	}

	@Override
	public ClusterClient cluster() {
		return this.cluster;
	}

	@Override
	public MaintenanceClient maintenance() {
		return this.maintenance;
	}

	@Override
	public AuthClient auth() {
		return this.auth;
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
		return "EtcdClient[" + this.connection.name() + " " + endpoints()
				+ (this.connection.isClosed() ? ", closed" : "") + "]";
	}

}
