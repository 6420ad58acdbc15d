package dev.etcdspring.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The links between the members of a partitionable {@link EtcdCluster}: every member
 * advertises a peer URL served by a TCP relay in this JVM, which forwards to the member's
 * real peer port. A member {@link #isolate(EtcdMember) cut off} from its peers has every
 * link to and from it closed and refused, while its client port stays reachable: the
 * loopback stand-in for a network partition, needing neither root nor firewall rules (the
 * technique of etcd's own functional tester).
 *
 * <p>
 * etcd members dial each other from ephemeral ports and say who they are only in some
 * requests, so the relay finds the process behind each incoming connection from the
 * kernel's socket table ({@code /proc/net/tcp} and the members' {@code /proc/<pid>/fd});
 * where that cannot be read (not Linux), a connection of unknown origin is refused while
 * any member is isolated. Thread-safe.
 */
final class PeerNetwork implements AutoCloseable {

	private static final System.Logger log = System.getLogger(PeerNetwork.class.getName());

	private final Supplier<List<EtcdMember>> members;

	private final Map<EtcdMember, Relay> relays = new ConcurrentHashMap<>();

	private final Set<EtcdMember> isolated = ConcurrentHashMap.newKeySet();

	private final Set<Link> links = ConcurrentHashMap.newKeySet();

	private final java.util.concurrent.atomic.AtomicInteger unknownSources = new java.util.concurrent.atomic.AtomicInteger();

	private final java.util.concurrent.atomic.AtomicInteger knownSources = new java.util.concurrent.atomic.AtomicInteger();

	private volatile boolean closed;

	PeerNetwork(Supplier<List<EtcdMember>> members) {
		this.members = members;
	}

	/**
	 * Starts the relay in front of a member's real peer port, on its advertised peer
	 * port.
	 */
	void add(EtcdMember member, int advertisedPort, int realPort) {
		try {
			ServerSocket server = new ServerSocket();
			server.setReuseAddress(true);
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), advertisedPort));
			Relay relay = new Relay(member, server, realPort);
			this.relays.put(member, relay);
			relay.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot open the peer relay of member " + member.name() + " on port "
					+ advertisedPort + ": " + ex.getMessage(), ex);
		}
	}

	void isolate(EtcdMember member) {
		this.isolated.add(member);
		for (Link link : this.links) {
			if (!allowed(link.source, link.target)) {
				link.close();
			}
		}
		log.log(System.Logger.Level.INFO, () -> "Cut member " + member.name() + " off from its peers");
	}

	void heal() {
		this.isolated.clear();
		log.log(System.Logger.Level.INFO, "Healed every peer link");
	}

	/**
	 * How many relayed connections came from a known member, and from an unknown process.
	 */
	int[] sourceCounts() {
		return new int[] { this.knownSources.get(), this.unknownSources.get() };
	}

	Set<EtcdMember> isolated() {
		return Set.copyOf(this.isolated);
	}

	private boolean allowed(@Nullable EtcdMember source, EtcdMember target) {
		if (this.isolated.isEmpty()) {
			return true;
		}
		if (this.isolated.contains(target)) {
			return false;
		}
		// unknown origin while a member is isolated: it may be the isolated one
		return source != null && !this.isolated.contains(source);
	}

	@Override
	public void close() {
		this.closed = true;
		this.relays.values().forEach(Relay::close);
		this.links.forEach(Link::close);
	}

	/**
	 * Which member's process owns the other end of an accepted loopback connection, if
	 * any.
	 */
	private @Nullable EtcdMember sourceOf(Socket accepted) {
		int remotePort = accepted.getPort();
		int localPort = accepted.getLocalPort();
		String inode = null;
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			inode = findInode(Path.of(table), remotePort, localPort);
			if (inode != null) {
				break;
			}
		}
		if (inode == null) {
			return null;
		}
		String wanted = "socket:[" + inode + "]";
		for (EtcdMember member : this.members.get()) {
			long pid = member.pid();
			if (pid <= 0) {
				continue;
			}
			try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
				for (Path fd : fds) {
					try {
						if (Files.readSymbolicLink(fd).toString().equals(wanted)) {
							return member;
						}
					}
					catch (IOException ex) {
						// closed meanwhile
					}
				}
			}
			catch (IOException ex) {
				// the process ended
			}
		}
		return null;
	}

	/**
	 * The inode of the socket whose local port is {@code port} and remote port
	 * {@code peerPort}.
	 */
	private static @Nullable String findInode(Path table, int port, int peerPort) {
		List<String> lines;
		try {
			lines = Files.readAllLines(table);
		}
		catch (IOException ex) {
			return null;
		}
		for (String line : lines) {
			String[] fields = line.trim().split("\\s+", -1);
			if (fields.length < 10 || !fields[1].contains(":")) {
				continue;
			}
			try {
				int local = Integer.parseInt(fields[1].substring(fields[1].lastIndexOf(':') + 1), 16);
				int remote = Integer.parseInt(fields[2].substring(fields[2].lastIndexOf(':') + 1), 16);
				if (local == port && remote == peerPort) {
					return fields[9];
				}
			}
			catch (NumberFormatException ex) {
				// the header line
			}
		}
		return null;
	}

	/** The listener on one member's advertised peer port. */
	private final class Relay {

		private final EtcdMember target;

		private final ServerSocket server;

		private final int realPort;

		private final Thread acceptor;

		Relay(EtcdMember target, ServerSocket server, int realPort) {
			this.target = target;
			this.server = server;
			this.realPort = realPort;
			this.acceptor = new Thread(this::acceptLoop, "etcd-test-peer-relay-" + target.name());
			this.acceptor.setDaemon(true);
		}

		void start() {
			this.acceptor.start();
		}

		private void acceptLoop() {
			while (!PeerNetwork.this.closed && !this.server.isClosed()) {
				Socket accepted;
				try {
					accepted = this.server.accept();
				}
				catch (IOException ex) {
					return;
				}
				Thread connector = new Thread(() -> connect(accepted), "etcd-test-peer-link-" + this.target.name());
				connector.setDaemon(true);
				connector.start();
			}
		}

		private void connect(Socket accepted) {
			EtcdMember source = sourceOf(accepted);
			((source != null) ? PeerNetwork.this.knownSources : PeerNetwork.this.unknownSources).incrementAndGet();
			if (PeerNetwork.this.closed || !allowed(source, this.target)) {
				closeQuietly(accepted);
				return;
			}
			Socket outgoing = new Socket();
			try {
				outgoing.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.realPort), 5000);
				outgoing.setTcpNoDelay(true);
				accepted.setTcpNoDelay(true);
			}
			catch (IOException ex) {
				// the member is down: the dialer sees its connection closed, as with a
				// refused one
				closeQuietly(outgoing);
				closeQuietly(accepted);
				return;
			}
			Link link = new Link(source, this.target, accepted, outgoing);
			PeerNetwork.this.links.add(link);
			// a partition applied while this link was being set up
			if (!allowed(source, this.target)) {
				link.close();
				return;
			}
			Thread back = new Thread(() -> link.pump(outgoing, accepted), "etcd-test-peer-link-" + this.target.name());
			back.setDaemon(true);
			back.start();
			link.pump(accepted, outgoing);
		}

		void close() {
			closeQuietly(this.server);
		}

	}

	/** One relayed connection. */
	private final class Link {

		private final @Nullable EtcdMember source;

		private final EtcdMember target;

		private final Socket from;

		private final Socket to;

		Link(@Nullable EtcdMember source, EtcdMember target, Socket from, Socket to) {
			this.source = source;
			this.target = target;
			this.from = from;
			this.to = to;
		}

		void pump(Socket in, Socket out) {
			byte[] buffer = new byte[64 * 1024];
			try (InputStream input = in.getInputStream()) {
				OutputStream output = out.getOutputStream();
				int n;
				while ((n = input.read(buffer)) >= 0) {
					output.write(buffer, 0, n);
				}
			}
			catch (IOException ex) {
				// closed at either end
			}
			finally {
				close();
			}
		}

		void close() {
			PeerNetwork.this.links.remove(this);
			closeQuietly(this.from);
			closeQuietly(this.to);
		}

	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// nothing to do
		}
	}

}
