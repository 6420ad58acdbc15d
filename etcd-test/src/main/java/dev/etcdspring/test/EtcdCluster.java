package dev.etcdspring.test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Real etcd servers for tests: one member or a cluster of local etcd processes on
 * 127.0.0.1, each with free ports and its own temporary data directory.
 *
 * <pre>{@code
 * try (EtcdCluster etcd = EtcdCluster.builder().members(3).start()) {
 *     List<String> endpoints = etcd.clientEndpoints();
 *     etcd.member(0).kill();
 *     etcd.member(0).start();
 * }
 * }</pre>
 *
 * <p>
 * {@link #close()} kills every process and deletes every directory; a JVM shutdown hook
 * does the same for clusters a test forgot to close. Starting takes about a second per
 * cluster: share one where tests allow it (see {@link EtcdClusterExtension#shared()}).
 * Thread-safe.
 */
public final class EtcdCluster implements EtcdServer {

	private static final System.Logger log = System.getLogger(EtcdCluster.class.getName());

	private static final Set<EtcdCluster> running = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> running.forEach(EtcdCluster::close), "etcd-test-cleanup"));
	}

	private static final int START_ATTEMPTS = 5;

	private final ClusterSettings settings;

	private final EtcdBinary binary;

	private final Path directory;

	private final ClusterMembers members;

	private volatile boolean closed;

	private EtcdCluster(ClusterSettings settings) {
		this.settings = settings;
		this.binary = (settings.binary != null) ? settings.binary : EtcdBinary.locate();
		this.directory = DataDirectories.create(settings.baseDirectory);
		this.members = new ClusterMembers(this, settings, this.directory);
	}

	/**
	 * A builder for a cluster; one member unless told otherwise.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Starts every member and waits until all are healthy. A member that loses the race
	 * for a port is retried with the whole cluster on fresh ports.
	 * @return this cluster
	 */
	public synchronized EtcdCluster start() {
		if (this.closed) {
			throw new IllegalStateException("This cluster is closed");
		}
		running.add(this);
		RuntimeException last = null;
		for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
			this.members.create(attempt);
			try {
				this.members.list().forEach(EtcdMember::startProcess);
				for (EtcdMember member : this.members.list()) {
					member.awaitHealthy(this.settings.startTimeout);
				}
				log.log(System.Logger.Level.INFO,
						() -> "Started etcd " + this.binary.version() + " cluster at " + clientEndpoints());
				return this;
			}
			catch (MemberStartException ex) {
				last = ex;
				this.members.list().forEach(EtcdMember::kill);
				if (!ex.portInUse()) {
					break;
				}
			}
		}
		close();
		throw Objects.requireNonNull(last);
	}

	/**
	 * Cuts a member off from its peers: every connection between it and another member is
	 * closed and new ones are refused, in both directions, while clients still reach it.
	 * Needs a cluster built with {@link Builder#partitionable()}. {@link #heal()}
	 * restores the links.
	 * @param member the member to isolate
	 * @return this cluster
	 */
	public EtcdCluster isolate(EtcdMember member) {
		this.members.network().isolate(member);
		return this;
	}

	/**
	 * Restores every link cut by {@link #isolate(EtcdMember)}.
	 * @return this cluster
	 */
	public EtcdCluster heal() {
		this.members.network().heal();
		return this;
	}

	/**
	 * For tests: how many peer connections came from a known member and from an unknown
	 * process.
	 */
	int[] peerSourceCounts() {
		return this.members.network().sourceCounts();
	}

	/**
	 * Prepares one more member, not started: add it to the cluster with etcd's MemberAdd
	 * (using {@link EtcdMember#peerUrl()}), then {@link EtcdMember#start()} it; it joins
	 * with {@code --initial-cluster-state existing}. It is killed and removed with the
	 * cluster.
	 * @return the new member
	 */
	public synchronized EtcdMember newMember() {
		return this.members.join();
	}

	/** A joined member that started counts as a member like any other for later joins. */
	void started(EtcdMember member) {
		this.members.started(member);
	}

	List<String> arguments(EtcdMember member) {
		return this.members.arguments(member);
	}

	String clientScheme() {
		return (this.settings.tls != null) ? "https" : "http";
	}

	Duration startTimeout() {
		return this.settings.startTimeout;
	}

	EtcdBinary binary() {
		return this.binary;
	}

	/**
	 * The members, in start order.
	 * @return the members
	 */
	public List<EtcdMember> members() {
		return this.members.list();
	}

	/**
	 * One member.
	 * @param index position, from 0
	 * @return the member
	 */
	public EtcdMember member(int index) {
		return this.members.list().get(index);
	}

	/**
	 * Client URLs of all members, in member order.
	 * @return the endpoints
	 */
	@Override
	public List<String> clientEndpoints() {
		return this.members.list().stream().map(EtcdMember::clientEndpoint).toList();
	}

	/**
	 * The first member's client URL.
	 * @return the endpoint
	 */
	@Override
	public String clientEndpoint() {
		return member(0).clientEndpoint();
	}

	/**
	 * The member that leads now, waiting up to the start timeout for one.
	 * @return the leader
	 */
	public EtcdMember leader() {
		long deadline = System.nanoTime() + this.settings.startTimeout.toNanos();
		while (System.nanoTime() - deadline < 0) {
			for (EtcdMember member : this.members.list()) {
				if (member.isRunning() && member.isLeader()) {
					return member;
				}
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while looking for the leader", ex);
			}
		}
		throw new IllegalStateException("No member became leader within " + this.settings.startTimeout);
	}

	/**
	 * Waits until every running member reports healthy.
	 * @return this cluster
	 */
	public EtcdCluster awaitHealthy() {
		for (EtcdMember member : this.members.list()) {
			if (member.isRunning()) {
				member.awaitHealthy(this.settings.startTimeout);
			}
		}
		return this;
	}

	/**
	 * The etcd executable the members run.
	 * @return the binary
	 */
	public EtcdBinary etcdBinary() {
		return this.binary;
	}

	/**
	 * The TLS material the members use, when the cluster was built with TLS.
	 * @return the TLS settings, or {@code null}
	 */
	public @Nullable EtcdTls tls() {
		return this.settings.tls;
	}

	/**
	 * Kills every member and deletes every data directory. Idempotent.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		running.remove(this);
		this.members.close();
		DataDirectories.deleteRecursively(this.directory);
	}

	@Override
	public String toString() {
		return "EtcdCluster" + this.members.list();
	}

	/**
	 * Settings of a cluster to start. Not thread-safe; each setter returns this builder.
	 */
	public static final class Builder {

		private final ClusterSettings settings = new ClusterSettings();

		private Builder() {
		}

		/**
		 * Routes the traffic between members through relays in this JVM, so that
		 * {@link EtcdCluster#isolate(EtcdMember)} can cut a member off from its peers (a
		 * network partition on loopback, without root or firewall rules). Members then
		 * advertise the relay's port as their peer URL.
		 * @return this builder
		 */
		public Builder partitionable() {
			this.settings.partitionable = true;
			return this;
		}

		/**
		 * How many members; 1 by default, 3 for failover tests.
		 * @param count the member count
		 * @return this builder
		 */
		public Builder members(int count) {
			if (count < 1) {
				throw new IllegalArgumentException("A cluster needs at least one member, not " + count);
			}
			this.settings.members = count;
			return this;
		}

		/**
		 * The etcd executable; by default {@link EtcdBinary#locate()}.
		 * @param binary the executable
		 * @return this builder
		 */
		public Builder binary(EtcdBinary binary) {
			this.settings.binary = binary;
			return this;
		}

		/**
		 * Where data directories go: by default {@code /dev/shm} when writable (etcd's
		 * fsync costs nothing there), else {@code java.io.tmpdir}; the
		 * {@code etcd.test.dataDirectory} system property overrides the default.
		 * @param directory the base directory
		 * @return this builder
		 */
		public Builder baseDirectory(Path directory) {
			this.settings.baseDirectory = directory;
			return this;
		}

		/**
		 * Raft heartbeat interval ({@code --heartbeat-interval}); 100 ms by default.
		 * @param interval the interval
		 * @return this builder
		 */
		public Builder heartbeatInterval(Duration interval) {
			this.settings.heartbeatInterval = interval;
			return this;
		}

		/**
		 * Raft election timeout ({@code --election-timeout}); 1 s by default. On a loaded
		 * machine a cluster with a short timeout may change leader by itself: raise it
		 * unless the test is about elections.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder electionTimeout(Duration timeout) {
			this.settings.electionTimeout = timeout;
			return this;
		}

		/**
		 * How long to wait for members to become healthy; 60 s by default.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder startTimeout(Duration timeout) {
			this.settings.startTimeout = timeout;
			return this;
		}

		/**
		 * The members' log level ({@code --log-level}); {@code warn} by default.
		 * @param level debug, info, warn or error
		 * @return this builder
		 */
		public Builder logLevel(String level) {
			this.settings.logLevel = level;
			return this;
		}

		/**
		 * Extra command-line arguments for every member, such as
		 * {@code --auth-token-ttl 2}.
		 * @param args the arguments
		 * @return this builder
		 */
		public Builder arguments(String... args) {
			this.settings.arguments.addAll(List.of(args));
			return this;
		}

		/**
		 * Serve clients over TLS with the given certificates.
		 * @param tls the certificates and whether client certificates are required
		 * @return this builder
		 */
		public Builder tls(EtcdTls tls) {
			this.settings.tls = tls;
			return this;
		}

		/**
		 * Builds the cluster without starting it.
		 * @return the cluster
		 */
		public EtcdCluster build() {
			return new EtcdCluster(this.settings.copy());
		}

		/**
		 * Builds and starts the cluster.
		 * @return the started cluster
		 */
		public EtcdCluster start() {
			return build().start();
		}

	}

}
