package dev.etcdspring.test;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Real etcd servers for tests: one member or a cluster of local etcd processes on 127.0.0.1, each
 * with free ports and its own temporary data directory.
 *
 * <pre>{@code
 * try (EtcdCluster etcd = EtcdCluster.builder().members(3).start()) {
 *     List<String> endpoints = etcd.clientEndpoints();
 *     etcd.member(0).kill();
 *     etcd.member(0).start();
 * }
 * }</pre>
 *
 * <p>{@link #close()} kills every process and deletes every directory; a JVM shutdown hook does the
 * same for clusters a test forgot to close. Starting takes about a second per cluster: share one
 * where tests allow it (see {@link EtcdClusterExtension#shared()}). Thread-safe.
 */
public final class EtcdCluster implements EtcdServer {

	private static final System.Logger log = System.getLogger(EtcdCluster.class.getName());

	private static final Set<EtcdCluster> running = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(EtcdCluster::close),
				"etcd-test-cleanup"));
	}

	private static final int START_ATTEMPTS = 5;

	private final Builder settings;

	private final EtcdBinary binary;

	private final Path directory;

	private volatile List<EtcdMember> members = List.of();

	private volatile String token = "";

	private volatile @Nullable PeerNetwork network;

	private volatile boolean closed;

	private EtcdCluster(Builder settings) {
		this.settings = settings;
		this.binary = (settings.binary != null) ? settings.binary : EtcdBinary.locate();
		try {
			Path base = (settings.baseDirectory != null) ? settings.baseDirectory : defaultBaseDirectory();
			Files.createDirectories(base);
			this.directory = Files.createTempDirectory(base, "etcd-test-");
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot create a data directory for etcd: " + ex.getMessage(), ex);
		}
	}

	/**
	 * A builder for a cluster; one member unless told otherwise.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	private static Path defaultBaseDirectory() {
		String configured = System.getProperty("etcd.test.dataDirectory");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		// tmpfs makes etcd's fsync free: tests run several times faster than on disk
		Path shm = Path.of("/dev/shm");
		if (Files.isDirectory(shm) && Files.isWritable(shm)) {
			return shm;
		}
		return Path.of(System.getProperty("java.io.tmpdir"));
	}

	/**
	 * Starts every member and waits until all are healthy. A member that loses the race for a port
	 * is retried with the whole cluster on fresh ports.
	 * @return this cluster
	 */
	public synchronized EtcdCluster start() {
		if (this.closed) {
			throw new IllegalStateException("This cluster is closed");
		}
		running.add(this);
		RuntimeException last = null;
		for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
			createMembers(attempt);
			try {
				this.members.forEach(EtcdMember::startProcess);
				for (EtcdMember member : this.members) {
					member.awaitHealthy(this.settings.startTimeout);
				}
				log.log(System.Logger.Level.INFO, () -> "Started etcd " + this.binary.version() + " cluster at "
						+ clientEndpoints());
				return this;
			}
			catch (MemberStartException ex) {
				last = ex;
				this.members.forEach(EtcdMember::kill);
				if (!ex.portInUse()) {
					break;
				}
			}
		}
		close();
		throw Objects.requireNonNull(last);
	}

	private void createMembers(int attempt) {
		this.token = "etcd-test-" + UUID.randomUUID();
		PeerNetwork previous = this.network;
		if (previous != null) {
			previous.close();
		}
		PeerNetwork relays = this.settings.partitionable ? new PeerNetwork(this::members) : null;
		List<EtcdMember> created = new ArrayList<>();
		for (int i = 0; i < this.settings.members; i++) {
			String name = "m" + i;
			Path memberDirectory = this.directory.resolve("attempt-" + attempt).resolve(name);
			int peerPort = LoopbackPorts.next();
			int listenPort = (relays != null) ? LoopbackPorts.next() : peerPort;
			EtcdMember member = new EtcdMember(this, name, LoopbackPorts.next(), peerPort, listenPort,
					LoopbackPorts.next(), memberDirectory);
			if (relays != null) {
				relays.add(member, peerPort, listenPort);
			}
			created.add(member);
		}
		this.members = Collections.unmodifiableList(created);
		this.network = relays;
	}

	/**
	 * Cuts a member off from its peers: every connection between it and another member is closed and
	 * new ones are refused, in both directions, while clients still reach it. Needs a cluster built
	 * with {@link Builder#partitionable()}. {@link #heal()} restores the links.
	 * @param member the member to isolate
	 * @return this cluster
	 */
	public EtcdCluster isolate(EtcdMember member) {
		requireNetwork().isolate(member);
		return this;
	}

	/**
	 * Restores every link cut by {@link #isolate(EtcdMember)}.
	 * @return this cluster
	 */
	public EtcdCluster heal() {
		requireNetwork().heal();
		return this;
	}

	/** For tests: how many peer connections came from a known member and from an unknown process. */
	int[] peerSourceCounts() {
		return requireNetwork().sourceCounts();
	}

	private PeerNetwork requireNetwork() {
		PeerNetwork current = this.network;
		if (current == null) {
			throw new IllegalStateException("Cutting members off needs a cluster built with partitionable()");
		}
		return current;
	}

	/**
	 * Prepares one more member, not started: add it to the cluster with etcd's MemberAdd (using
	 * {@link EtcdMember#peerUrl()}), then {@link EtcdMember#start()} it; it joins with
	 * {@code --initial-cluster-state existing}. It is killed and removed with the cluster.
	 * @return the new member
	 */
	public synchronized EtcdMember newMember() {
		String name = "m" + this.members.size();
		EtcdMember member = new EtcdMember(this, name, LoopbackPorts.next(), LoopbackPorts.next(), LoopbackPorts.next(),
				this.directory.resolve("joined").resolve(name));
		List<EtcdMember> grown = new ArrayList<>(this.members);
		grown.add(member);
		this.members = Collections.unmodifiableList(grown);
		this.joining.add(member);
		return member;
	}

	private final Set<EtcdMember> joining = ConcurrentHashMap.newKeySet();

	/** A joined member that started counts as a member like any other for later joins. */
	void started(EtcdMember member) {
		this.joining.remove(member);
	}

	List<String> arguments(EtcdMember member) {
		String initialCluster = this.members.stream()
			.filter((m) -> !this.joining.contains(m) || m == member)
			.map((m) -> m.name() + "=" + m.peerUrl())
			.collect(Collectors.joining(","));
		List<String> args = new ArrayList<>(List.of("--name", member.name(), "--data-dir",
				member.dataDirectory().toString(), "--listen-client-urls", member.clientEndpoint(),
				"--advertise-client-urls", member.clientEndpoint(), "--listen-peer-urls", member.peerListenUrl(),
				"--initial-advertise-peer-urls", member.peerUrl(), "--listen-metrics-urls", member.metricsUrl(),
				"--initial-cluster", initialCluster, "--initial-cluster-token", this.token,
				"--initial-cluster-state", this.joining.contains(member) ? "existing" : "new", "--heartbeat-interval",
				Long.toString(this.settings.heartbeatInterval.toMillis()), "--election-timeout",
				Long.toString(this.settings.electionTimeout.toMillis()), "--logger", "zap", "--log-level",
				this.settings.logLevel,
				// the default from etcd 3.5 on: a restarted member does not depose a healthy leader
				"--pre-vote=true"));
		args.addAll(this.settings.arguments);
		if (this.settings.tls != null) {
			args.addAll(this.settings.tls.serverArguments());
		}
		return args;
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
		return this.members;
	}

	/**
	 * One member.
	 * @param index position, from 0
	 * @return the member
	 */
	public EtcdMember member(int index) {
		return this.members.get(index);
	}

	/**
	 * Client URLs of all members, in member order.
	 * @return the endpoints
	 */
	@Override
	public List<String> clientEndpoints() {
		return this.members.stream().map(EtcdMember::clientEndpoint).toList();
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
			for (EtcdMember member : this.members) {
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
		for (EtcdMember member : this.members) {
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
		this.members.forEach(EtcdMember::kill);
		PeerNetwork relays = this.network;
		if (relays != null) {
			relays.close();
		}
		deleteRecursively(this.directory);
	}

	private static void deleteRecursively(Path root) {
		if (!Files.exists(root)) {
			return;
		}
		try {
			Files.walkFileTree(root, new SimpleFileVisitor<>() {
				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
					Files.deleteIfExists(file);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException exc) throws IOException {
					Files.deleteIfExists(dir);
					return FileVisitResult.CONTINUE;
				}
			});
		}
		catch (IOException ex) {
			log.log(System.Logger.Level.WARNING, "Could not delete " + root + ": " + ex.getMessage());
		}
	}

	@Override
	public String toString() {
		return "EtcdCluster" + this.members;
	}

	/**
	 * Settings of a cluster to start. Not thread-safe; each setter returns this builder.
	 */
	public static final class Builder {

		private int members = 1;

		private @Nullable EtcdBinary binary;

		private @Nullable Path baseDirectory;

		private Duration heartbeatInterval = Duration.ofMillis(100);

		private Duration electionTimeout = Duration.ofSeconds(1);

		private Duration startTimeout = Duration.ofSeconds(60);

		private String logLevel = "warn";

		private final List<String> arguments = new ArrayList<>();

		private @Nullable EtcdTls tls;

		private boolean partitionable;

		private Builder() {
		}

		/**
		 * Routes the traffic between members through relays in this JVM, so that
		 * {@link EtcdCluster#isolate(EtcdMember)} can cut a member off from its peers (a network
		 * partition on loopback, without root or firewall rules). Members then advertise the relay's
		 * port as their peer URL.
		 * @return this builder
		 */
		public Builder partitionable() {
			this.partitionable = true;
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
			this.members = count;
			return this;
		}

		/**
		 * The etcd executable; by default {@link EtcdBinary#locate()}.
		 * @param binary the executable
		 * @return this builder
		 */
		public Builder binary(EtcdBinary binary) {
			this.binary = binary;
			return this;
		}

		/**
		 * Where data directories go: by default {@code /dev/shm} when writable (etcd's fsync costs
		 * nothing there), else {@code java.io.tmpdir}; the {@code etcd.test.dataDirectory} system
		 * property overrides the default.
		 * @param directory the base directory
		 * @return this builder
		 */
		public Builder baseDirectory(Path directory) {
			this.baseDirectory = directory;
			return this;
		}

		/**
		 * Raft heartbeat interval ({@code --heartbeat-interval}); 100 ms by default.
		 * @param interval the interval
		 * @return this builder
		 */
		public Builder heartbeatInterval(Duration interval) {
			this.heartbeatInterval = interval;
			return this;
		}

		/**
		 * Raft election timeout ({@code --election-timeout}); 1 s by default. On a loaded machine a
		 * cluster with a short timeout may change leader by itself: raise it unless the test is about
		 * elections.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder electionTimeout(Duration timeout) {
			this.electionTimeout = timeout;
			return this;
		}

		/**
		 * How long to wait for members to become healthy; 60 s by default.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder startTimeout(Duration timeout) {
			this.startTimeout = timeout;
			return this;
		}

		/**
		 * The members' log level ({@code --log-level}); {@code warn} by default.
		 * @param level debug, info, warn or error
		 * @return this builder
		 */
		public Builder logLevel(String level) {
			this.logLevel = level;
			return this;
		}

		/**
		 * Extra command-line arguments for every member, such as {@code --auth-token-ttl 2}.
		 * @param args the arguments
		 * @return this builder
		 */
		public Builder arguments(String... args) {
			this.arguments.addAll(List.of(args));
			return this;
		}

		/**
		 * Serve clients over TLS with the given certificates.
		 * @param tls the certificates and whether client certificates are required
		 * @return this builder
		 */
		public Builder tls(EtcdTls tls) {
			this.tls = tls;
			return this;
		}

		/**
		 * Builds the cluster without starting it.
		 * @return the cluster
		 */
		public EtcdCluster build() {
			return new EtcdCluster(this);
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
