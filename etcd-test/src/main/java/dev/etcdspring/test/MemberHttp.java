package dev.etcdspring.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * The plain-HTTP port of one {@link EtcdMember} on 127.0.0.1, serving {@code /health} and
 * {@code /metrics}, read with one HTTP/1.0 GET per question. Thread-safe.
 */
final class MemberHttp {

	private final String member;

	private final int port;

	MemberHttp(String member, int port) {
		this.member = member;
		this.port = port;
	}

	/**
	 * Whether the member answers {@code /health} with {@code "health":"true"}.
	 * @return whether it is healthy now
	 */
	boolean isHealthy() {
		String body = get("/health", 3000);
		return body != null && body.replace(" ", "").contains("\"health\":\"true\"");
	}

	/**
	 * Whether the member's {@code etcd_server_is_leader} metric is 1.
	 * @return whether it leads, false when it does not answer
	 */
	boolean isLeader() {
		String body = get("/metrics", 3000);
		if (body == null) {
			return false;
		}
		for (String line : body.lines().toList()) {
			if (line.startsWith("etcd_server_is_leader ")) {
				return line.substring("etcd_server_is_leader ".length()).strip().equals("1");
			}
		}
		return false;
	}

	/**
	 * One Prometheus metric, summed over the series whose labels contain every given
	 * label text.
	 * @param name the metric name
	 * @param labels label texts every counted series must contain
	 * @return the sum, 0 when no series matches
	 * @throws IllegalStateException when the member does not answer
	 */
	double metric(String name, String... labels) {
		String body = get("/metrics", 5000);
		if (body == null) {
			throw new IllegalStateException("Member " + this.member + " did not serve /metrics");
		}
		double sum = 0;
		for (String line : body.lines().toList()) {
			if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
				boolean matches = true;
				for (String label : labels) {
					matches &= line.contains(label);
				}
				if (matches) {
					sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).strip());
				}
			}
		}
		return sum;
	}

	private @Nullable String get(String path, int timeoutMillis) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), timeoutMillis);
			socket.setSoTimeout(timeoutMillis);
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			try (InputStream in = socket.getInputStream()) {
				in.transferTo(response);
			}
			String text = response.toString(StandardCharsets.UTF_8);
			if (!text.startsWith("HTTP/1.") || !text.contains(" 200 ")) {
				return null;
			}
			int body = text.indexOf("\r\n\r\n");
			return (body >= 0) ? text.substring(body + 4) : "";
		}
		catch (IOException ex) {
			return null;
		}
	}

}
