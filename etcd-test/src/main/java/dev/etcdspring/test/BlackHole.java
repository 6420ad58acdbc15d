package dev.etcdspring.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP endpoint on 127.0.0.1 that accepts connections and never answers: the loopback
 * stand-in for an address that drops every packet. A client that dials it sees the TCP
 * handshake succeed and then silence, as with a member behind a firewall or a process
 * that hangs.
 *
 * <p>
 * One daemon thread accepts connections; {@link #close()} stops it and closes every
 * accepted socket. Thread-safe.
 */
public final class BlackHole implements AutoCloseable {

	private final ServerSocket server;

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	private BlackHole(ServerSocket server) {
		this.server = server;
		this.acceptor = new Thread(this::acceptForever, "etcd-test-black-hole-" + server.getLocalPort());
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	/**
	 * Opens a black hole on a free loopback port.
	 * @return the open black hole
	 */
	public static BlackHole open() {
		try {
			ServerSocket server = new ServerSocket();
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			return new BlackHole(server);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void acceptForever() {
		while (!this.server.isClosed()) {
			try {
				this.accepted.add(this.server.accept());
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	/**
	 * The endpoint URL, {@code http://127.0.0.1:port}.
	 * @return the URL
	 */
	public String endpoint() {
		return "http://127.0.0.1:" + this.server.getLocalPort();
	}

	/**
	 * How many connections were accepted so far.
	 * @return the count
	 */
	public int acceptedConnections() {
		return this.accepted.size();
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// nothing to do
		}
		for (Socket socket : this.accepted) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// nothing to do
			}
		}
		try {
			this.acceptor.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
