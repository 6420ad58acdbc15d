package dev.etcdspring.boot.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Measured figures of the reliability suite: printed, and appended to
 * {@code target/reliability-figures.md} of the module (one table row each), from which
 * {@code docs/reliability.md} takes its numbers. Figures are reported, never asserted.
 */
final class Figures {

	private static final Path FILE = Path.of("target", "reliability-figures.md");

	private Figures() {
	}

	/**
	 * Records one figure.
	 * @param test the test (class and case)
	 * @param what what was measured
	 * @param value the value with its unit
	 */
	static synchronized void record(String test, String what, String value) {
		String etcd = etcdVersion();
		String line = "| " + test + " | " + what + " | " + value + " | " + etcd + " |";
		System.out.println("[figure] " + line);
		try {
			Files.createDirectories(FILE.getParent());
			if (!Files.exists(FILE)) {
				Files.writeString(FILE,
						"<!-- " + Instant.now() + " -->\n| test | figure | value | etcd |\n|---|---|---|---|\n",
						StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			}
			Files.writeString(FILE, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			System.out.println("[figure] could not write " + FILE.toAbsolutePath() + ": " + ex);
		}
	}

	private static String etcdVersion;

	private static String etcdVersion() {
		if (etcdVersion == null) {
			try {
				etcdVersion = dev.etcdspring.test.EtcdBinary.locate().version();
			}
			catch (RuntimeException ex) {
				etcdVersion = "?";
			}
		}
		return etcdVersion;
	}

	/**
	 * Milliseconds from nanoseconds, for figures.
	 * @param nanos the duration
	 * @return the text, such as {@code 1234 ms}
	 */
	static String millis(long nanos) {
		return (nanos / 1_000_000) + " ms";
	}

}
