package dev.etcdspring.benchmarks.workloads;

import java.nio.charset.StandardCharsets;

import dev.etcdspring.benchmarks.clients.WatchSink;

/**
 * The keys of the watch parts: a prefix of their own per run, then a fixed-width decimal
 * number, so that a watcher can tell each event's key by its last
 * {@link WatchSink#KEY_DIGITS} bytes without decoding it.
 */
final class WatchKeys {

	/** Keys per run, at most: what {@link WatchSink#KEY_DIGITS} digits can number. */
	static final int MAX_KEYS = 999_999;

	private WatchKeys() {
	}

	/**
	 * The keys {@code <prefix>000000}, {@code <prefix>000001} and so on.
	 * @param prefix the prefix
	 * @param count how many
	 * @return new arrays
	 */
	static byte[][] keys(String prefix, int count) {
		if (count > MAX_KEYS) {
			throw new IllegalArgumentException("At most " + MAX_KEYS + " keys per run, not " + count);
		}
		byte[][] keys = new byte[count][];
		for (int i = 0; i < count; i++) {
			keys[i] = String.format("%s%0" + WatchSink.KEY_DIGITS + "d", prefix, i).getBytes(StandardCharsets.UTF_8);
		}
		return keys;
	}

	/**
	 * The prefix of one run's keys.
	 * @param part {@code watch} or {@code watch-scale}
	 * @param client the client under test
	 * @param label unique per run and client
	 * @return the prefix, ending with a slash
	 */
	static String prefix(String part, String client, String label) {
		return "bench/" + part + "/" + client + "/" + label + "/";
	}

}
