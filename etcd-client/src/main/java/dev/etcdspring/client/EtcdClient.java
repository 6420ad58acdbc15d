package dev.etcdspring.client;

import java.util.List;

import dev.etcdspring.client.auth.AuthClient;
import dev.etcdspring.client.cluster.ClusterClient;
import dev.etcdspring.client.election.ElectionClient;
import dev.etcdspring.client.kv.KvClient;
import dev.etcdspring.client.lease.LeaseClient;
import dev.etcdspring.client.lock.LockClient;
import dev.etcdspring.client.maintenance.MaintenanceClient;
import dev.etcdspring.client.watch.WatchClient;

/**
 * A client of one etcd cluster.
 *
 * <pre>{@code
 * try (EtcdClient client = EtcdClient.builder()
 *         .endpoints("http://10.0.0.1:2379", "http://10.0.0.2:2379")
 *         .build()) {
 *     client.kv().put("greeting", "hello").join();
 * }
 * }</pre>
 *
 * <p>
 * All services share one gRPC connection (one channel over every endpoint, calls spread
 * round robin, a failed member skipped). A client is thread-safe and expensive: it owns
 * an event-loop thread, a timer thread and, unless given an executor, a callback pool.
 * Create one per cluster and share it; close it when done, which cancels every call in
 * flight, ends every thread it started, and makes later calls fail with
 * {@link dev.etcdspring.client.error.ClientClosedException}.
 */
public interface EtcdClient extends AutoCloseable {

	/**
	 * A builder for a client.
	 * @return a new builder
	 */
	static EtcdClientBuilder builder() {
		return new EtcdClientBuilder();
	}

	/**
	 * The key-value service.
	 * @return the KV client
	 */
	KvClient kv();

	/**
	 * The watch service.
	 * @return the watch client
	 */
	WatchClient watch();

	/**
	 * The lease service, and sessions for locks and elections.
	 * @return the lease client
	 */
	LeaseClient lease();

	/**
	 * Distributed locks.
	 * @return the lock client
	 */
	LockClient lock();

	/**
	 * Leader election.
	 * @return the election client
	 */
	ElectionClient election();

	/**
	 * Cluster membership.
	 * @return the cluster client
	 */
	ClusterClient cluster();

	/**
	 * Maintenance: status, alarms, defragmentation, snapshots.
	 * @return the maintenance client
	 */
	MaintenanceClient maintenance();

	/**
	 * Administration of users, roles and permissions.
	 * @return the auth client
	 */
	AuthClient auth();

	/**
	 * The endpoints the client uses now.
	 * @return the endpoint URLs
	 */
	List<String> endpoints();

	/**
	 * Closes the client. Idempotent. Calls in flight and later calls fail with
	 * {@link dev.etcdspring.client.error.ClientClosedException}; when this method
	 * returns, every thread the client started has ended (unless it was called from one
	 * of the client's own callback threads, which cannot wait for themselves).
	 */
	@Override
	void close();

}
