package dev.etcdspring.test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The members of one {@link EtcdCluster}: created with fresh loopback ports for each
 * start attempt, grown by members that join later, with the relays between them when the
 * cluster is partitionable, and the etcd command line each member starts with. Safe to
 * read from any thread; changed only under the cluster's monitor.
 */
final class ClusterMembers {

	private final EtcdCluster cluster;

	private final ClusterSettings settings;

	private final Path directory;

	private final Set<EtcdMember> joining = ConcurrentHashMap.newKeySet();

	private volatile List<EtcdMember> members = List.of();

	private volatile String token = "";

	private volatile @Nullable PeerNetwork network;

	ClusterMembers(EtcdCluster cluster, ClusterSettings settings, Path directory) {
		this.cluster = cluster;
		this.settings = settings;
		this.directory = directory;
	}

	/**
	 * The members, in start order.
	 * @return the members
	 */
	List<EtcdMember> list() {
		return this.members;
	}

	/**
	 * Replaces the members with new ones for a start attempt: fresh ports, directories of
	 * the attempt's own, a new cluster token and, for a partitionable cluster, new
	 * relays.
	 * @param attempt the attempt's number, from 1
	 */
	void create(int attempt) {
		this.token = "etcd-test-" + UUID.randomUUID();
		PeerNetwork previous = this.network;
		if (previous != null) {
			previous.close();
		}
		PeerNetwork relays = this.settings.partitionable ? new PeerNetwork(this::list) : null;
		List<EtcdMember> created = new ArrayList<>();
		for (int i = 0; i < this.settings.members; i++) {
			String name = "m" + i;
			Path memberDirectory = this.directory.resolve("attempt-" + attempt).resolve(name);
			int peerPort = LoopbackPorts.next();
			int listenPort = (relays != null) ? LoopbackPorts.next() : peerPort;
			EtcdMember member = new EtcdMember(this.cluster, name, LoopbackPorts.next(), peerPort, listenPort,
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
	 * Adds a member that joins the running cluster, not started.
	 * @return the new member
	 */
	EtcdMember join() {
		String name = "m" + this.members.size();
		EtcdMember member = new EtcdMember(this.cluster, name, LoopbackPorts.next(), LoopbackPorts.next(),
				LoopbackPorts.next(), this.directory.resolve("joined").resolve(name));
		List<EtcdMember> grown = new ArrayList<>(this.members);
		grown.add(member);
		this.members = Collections.unmodifiableList(grown);
		this.joining.add(member);
		return member;
	}

	/** A joined member that started counts as a member like any other for later joins. */
	void started(EtcdMember member) {
		this.joining.remove(member);
	}

	/**
	 * The command-line arguments of a member's etcd process.
	 * @param member the member
	 * @return the arguments, without the executable
	 */
	List<String> arguments(EtcdMember member) {
		String initialCluster = this.members.stream()
			.filter((m) -> !this.joining.contains(m) || m == member)
			.map((m) -> m.name() + "=" + m.peerUrl())
			.collect(Collectors.joining(","));
		List<String> args = new ArrayList<>(List.of("--name", member.name(), "--data-dir",
				member.dataDirectory().toString(), "--listen-client-urls", member.clientEndpoint(),
				"--advertise-client-urls", member.clientEndpoint(), "--listen-peer-urls", member.peerListenUrl(),
				"--initial-advertise-peer-urls", member.peerUrl(), "--listen-metrics-urls", member.metricsUrl(),
				"--initial-cluster", initialCluster, "--initial-cluster-token", this.token, "--initial-cluster-state",
				this.joining.contains(member) ? "existing" : "new", "--heartbeat-interval",
				Long.toString(this.settings.heartbeatInterval.toMillis()), "--election-timeout",
				Long.toString(this.settings.electionTimeout.toMillis()), "--logger", "zap", "--log-level",
				this.settings.logLevel,
				// the default from etcd 3.5 on: a restarted member does not depose a
				// healthy leader
				"--pre-vote=true"));
		args.addAll(this.settings.arguments);
		if (this.settings.tls != null) {
			args.addAll(this.settings.tls.serverArguments());
		}
		return args;
	}

	/**
	 * The relays between the members.
	 * @return the relays
	 * @throws IllegalStateException when the cluster was not built partitionable
	 */
	PeerNetwork network() {
		PeerNetwork current = this.network;
		if (current == null) {
			throw new IllegalStateException("Cutting members off needs a cluster built with partitionable()");
		}
		return current;
	}

	/** Kills every member and closes the relays. */
	void close() {
		this.members.forEach(EtcdMember::kill);
		PeerNetwork relays = this.network;
		if (relays != null) {
			relays.close();
		}
	}

}
