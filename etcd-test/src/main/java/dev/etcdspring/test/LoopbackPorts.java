package dev.etcdspring.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on 127.0.0.1 for test servers.
 *
 * <p>
 * Ports come from outside the kernel's ephemeral range (read from
 * {@code /proc/sys/net/ipv4/ip_local_port_range}; 15000–32767 below the usual
 * 32768–60999), so an outgoing connection of some other process cannot take a port
 * between our check and the server's bind, nor while a stopped member waits to bind its
 * ports again. A port is handed out at most once per JVM, and to one JVM at a time: each
 * port handed out is claimed with a file lock under the temporary directory
 * ({@code etcd-test-ports/<port>}), held until the JVM exits, so that test JVMs running
 * side by side (surefire forks, a benchmark) never start servers on the same port. The
 * lock files stay behind, empty, at most one per port of the range: deleting one while
 * another JVM has it open could let two JVMs lock two different files of the same name.
 * Thread-safe.
 */
public final class LoopbackPorts {

	private static final int[] RANGE = range();

	private static final int LOWEST = RANGE[0];

	private static final int HIGHEST = RANGE[1];

	private static final Set<Integer> handedOut = new HashSet<>();

	/** The locks of the ports this JVM claimed: open until it exits. */
	private static final List<FileChannel> claims = new ArrayList<>();

	private LoopbackPorts() {
	}

	/**
	 * A port on 127.0.0.1 that nothing listens on right now and that this JVM has not
	 * handed out before.
	 * @return the port
	 */
	public static synchronized int next() {
		for (int attempt = 0; attempt < 1000; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST + 1);
			if (!handedOut.contains(port) && claim(port) && isFree(port)) {
				handedOut.add(port);
				return port;
			}
		}
		throw new IllegalStateException("No free port on 127.0.0.1 between " + LOWEST + " and " + HIGHEST);
	}

	/**
	 * 15000–32767 unless the ephemeral range overlaps it: then the widest span beside
	 * that range.
	 */
	private static int[] range() {
		int ephemeralLow = 32768;
		int ephemeralHigh = 60999;
		try {
			String[] bounds = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
			ephemeralLow = Integer.parseInt(bounds[0]);
			ephemeralHigh = Integer.parseInt(bounds[1]);
		}
		catch (IOException | RuntimeException ex) {
			// not Linux, or unreadable: assume the usual range
		}
		if (ephemeralLow > 32767) {
			return new int[] { 15000, 32767 };
		}
		int below = ephemeralLow - 1 - 10000;
		int above = 65535 - (ephemeralHigh + 1);
		if (below >= above && below >= 2000) {
			return new int[] { 10000, ephemeralLow - 1 };
		}
		if (above >= 2000) {
			return new int[] { ephemeralHigh + 1, 65535 };
		}
		return new int[] { 15000, 32767 };
	}

	/**
	 * Claims the port for this JVM, unless another JVM holds its lock. Where locks cannot
	 * be taken (no writable temporary directory), every port counts as claimed.
	 */
	static boolean claim(int port) {
		try {
			Path directory = Path.of(System.getProperty("java.io.tmpdir"), "etcd-test-ports");
			Files.createDirectories(directory);
			FileChannel channel = FileChannel.open(directory.resolve(Integer.toString(port)), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE);
			FileLock lock;
			try {
				lock = channel.tryLock();
			}
			catch (OverlappingFileLockException ex) {
				lock = null;
			}
			if (lock == null) {
				channel.close();
				return false;
			}
			claims.add(channel);
			return true;
		}
		catch (IOException ex) {
			return true;
		}
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(false);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
