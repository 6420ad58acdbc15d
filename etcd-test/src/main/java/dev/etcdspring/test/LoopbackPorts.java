package dev.etcdspring.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on 127.0.0.1 for test servers.
 *
 * <p>Ports come from 15000–32767, below the kernel's usual ephemeral range (32768–60999), so an
 * outgoing connection of some other process cannot take a port between our check and the
 * server's bind. A port is handed out at most once per JVM. Thread-safe.
 */
public final class LoopbackPorts {

	private static final int LOWEST = 15000;

	private static final int HIGHEST = 32767;

	private static final Set<Integer> handedOut = new HashSet<>();

	private LoopbackPorts() {
	}

	/**
	 * A port on 127.0.0.1 that nothing listens on right now and that this JVM has not handed out
	 * before.
	 * @return the port
	 */
	public static synchronized int next() {
		for (int attempt = 0; attempt < 1000; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST + 1);
			if (!handedOut.contains(port) && isFree(port)) {
				handedOut.add(port);
				return port;
			}
		}
		throw new IllegalStateException("No free port on 127.0.0.1 between " + LOWEST + " and " + HIGHEST);
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
