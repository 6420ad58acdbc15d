package dev.etcdspring.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * An etcd server executable and its version.
 *
 * <p>
 * Found, in this order, at the path in the {@code ETCD_BINARY} environment variable, the
 * {@code etcd.binary} system property, or as {@code etcd} on the {@code PATH}. Immutable.
 */
public final class EtcdBinary {

	/** Environment variable naming the etcd executable to use. */
	public static final String ENV_VARIABLE = "ETCD_BINARY";

	/**
	 * System property naming the etcd executable to use; the environment variable wins.
	 */
	public static final String SYSTEM_PROPERTY = "etcd.binary";

	private static final Pattern VERSION = Pattern.compile("etcd Version: (\\d+)\\.(\\d+)\\.(\\d+)");

	private final Path path;

	private final String version;

	private final int major;

	private final int minor;

	private EtcdBinary(Path path, String version, int major, int minor) {
		this.path = path;
		this.version = version;
		this.major = major;
		this.minor = minor;
	}

	/**
	 * Finds the etcd executable.
	 * @return the executable
	 * @throws IllegalStateException when there is none, with a message that says how to
	 * get one
	 */
	public static EtcdBinary locate() {
		Path found = find();
		if (found == null) {
			throw new IllegalStateException("No etcd server executable found. Install one "
					+ "(Debian/Ubuntu: 'apt-get install etcd-server'; macOS: 'brew install etcd'; or a release "
					+ "archive from https://github.com/etcd-io/etcd/releases), or set the " + ENV_VARIABLE
					+ " environment variable (or the -D" + SYSTEM_PROPERTY + " system property) to its path.");
		}
		return at(found);
	}

	/**
	 * Whether an etcd executable can be found, for tests that skip without one.
	 * @return whether {@link #locate()} would succeed
	 */
	public static boolean isAvailable() {
		return find() != null;
	}

	/**
	 * The etcd executable at the given path.
	 * @param path the executable
	 * @return the executable with its version read from {@code etcd --version}
	 */
	public static EtcdBinary at(Path path) {
		if (!Files.isExecutable(path)) {
			throw new IllegalStateException("etcd executable " + path + " does not exist or cannot be executed");
		}
		String output = run(path, "--version");
		Matcher matcher = VERSION.matcher(output);
		if (!matcher.find()) {
			throw new IllegalStateException(path + " --version did not print an etcd version: " + output.strip());
		}
		return new EtcdBinary(path, matcher.group(1) + "." + matcher.group(2) + "." + matcher.group(3),
				Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
	}

	private static @Nullable Path find() {
		List<String> candidates = new ArrayList<>();
		String env = System.getenv(ENV_VARIABLE);
		if (env != null && !env.isBlank()) {
			return Path.of(env.strip());
		}
		String property = System.getProperty(SYSTEM_PROPERTY);
		if (property != null && !property.isBlank()) {
			return Path.of(property.strip());
		}
		String pathVariable = System.getenv("PATH");
		if (pathVariable != null) {
			for (String dir : pathVariable.split(java.io.File.pathSeparator, -1)) {
				if (!dir.isEmpty()) {
					candidates.add(dir);
				}
			}
		}
		candidates.add("/usr/bin");
		candidates.add("/usr/local/bin");
		for (String dir : candidates) {
			Path candidate = Path.of(dir, "etcd");
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	private static String run(Path path, String argument) {
		try {
			Process process = new ProcessBuilder(path.toString(), argument).redirectErrorStream(true).start();
			byte[] output;
			try (InputStream in = process.getInputStream()) {
				output = in.readAllBytes();
			}
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(path + " " + argument + " did not finish within 30 s");
			}
			return new String(output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run " + path + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + path, ex);
		}
	}

	/**
	 * The executable's path.
	 * @return the path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * The server version, such as {@code 3.4.23}.
	 * @return the version
	 */
	public String version() {
		return this.version;
	}

	/**
	 * Whether the server is at least the given major and minor version.
	 * @param major major version
	 * @param minor minor version
	 * @return whether this version is the same or newer
	 */
	public boolean isAtLeast(int major, int minor) {
		return this.major > major || (this.major == major && this.minor >= minor);
	}

	@Override
	public String toString() {
		return "etcd " + this.version + " (" + this.path + ")";
	}

}
