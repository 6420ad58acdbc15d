package dev.etcdspring.client.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.etcdspring.client.error.InvalidEndpointException;
import org.jspecify.annotations.Nullable;

/**
 * One parsed etcd client URL.
 *
 * @param url the URL as the user wrote it
 * @param secure whether it is {@code https}
 * @param host the host name or address, without brackets
 * @param port the port
 */
public record Endpoint(String url, boolean secure, String host, int port) {

	/** The port etcd listens on for clients by default. */
	public static final int DEFAULT_PORT = 2379;

	/**
	 * Parses {@code http://host:port}, {@code https://host:port}, or {@code host:port}
	 * (plain text).
	 * @param url the URL
	 * @return the endpoint
	 * @throws InvalidEndpointException naming the value when it is not such a URL
	 */
	public static Endpoint parse(String url) {
		String text = url.strip();
		if (text.isEmpty()) {
			throw new InvalidEndpointException(url,
					"An etcd endpoint is empty ('" + url + "'): give URLs such as http://127.0.0.1:2379");
		}
		String withScheme = text.contains("://") ? text : "http://" + text;
		URI uri;
		try {
			uri = new URI(withScheme);
		}
		catch (URISyntaxException ex) {
			String afterScheme = withScheme.substring(withScheme.indexOf("://") + 3);
			String authority = afterScheme.split("[/?#]", 2)[0];
			String port = badPort(authority);
			throw invalid(url, (port != null) ? "the port '" + port + "' is not a number"
					: "it is not a URL (" + ex.getReason() + ")");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw invalid(url, "the scheme must be http or https");
		}
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			throw invalid(url, whyNoHost(uri.getRawAuthority()));
		}
		if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
				|| (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))) {
			throw invalid(url, "an endpoint is scheme, host and port only");
		}
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		int port = (uri.getPort() == -1) ? DEFAULT_PORT : uri.getPort();
		if (port < 1 || port > 65535) {
			throw invalid(url, "the port must be between 1 and 65535");
		}
		return new Endpoint(text, scheme.equals("https"), host, port);
	}

	/** The URI parser gives no host for a bad port too: say which part is wrong. */
	private static String whyNoHost(@Nullable String authority) {
		if (authority == null || authority.isEmpty()) {
			return "it has no host";
		}
		String port = badPort(authority);
		return (port != null) ? "the port '" + port + "' is not a number"
				: "'" + authority + "' is not a valid host name or address";
	}

	/** The port of {@code host:port} when it is not a number, else {@code null}. */
	private static @Nullable String badPort(String authority) {
		int colon = authority.lastIndexOf(':');
		if (colon < 0 || authority.indexOf(']') > colon
				|| (authority.indexOf('[') < 0 && authority.indexOf(':') != colon)) {
			// no port, or an IPv6 address without brackets
			return null;
		}
		String port = authority.substring(colon + 1);
		return (port.isEmpty() || !port.chars().allMatch(Character::isDigit)) ? port : null;
	}

	private static InvalidEndpointException invalid(String url, String reason) {
		return new InvalidEndpointException(url, "Invalid etcd endpoint '" + url + "': " + reason
				+ ". Expected a URL such as http://127.0.0.1:2379 or https://etcd.example.com:2379");
	}

	/**
	 * {@code host:port}, with brackets around an IPv6 address.
	 * @return the authority
	 */
	public String authority() {
		return ((this.host.indexOf(':') >= 0) ? "[" + this.host + "]" : this.host) + ":" + this.port;
	}

}
