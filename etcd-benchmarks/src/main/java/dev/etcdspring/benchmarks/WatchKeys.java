package dev.etcdspring.benchmarks;

import java.nio.charset.StandardCharsets;

/**
 * The keys of the watch parts: a prefix of their own per run, then a fixed-width decimal number,
 * so that a watcher can tell each event's key by its last {@link #DIGITS} bytes without decoding it.
 */
final class WatchKeys {

	/** Digits at the end of every key. */
	static final int DIGITS = 6;

	/** Keys per run, at most: what {@link #DIGITS} digits can number. */
	static final int MAX_KEYS = 999_999;

	private WatchKeys() {
	}

	/**
	 * The keys {@code <prefix>000000}, {@code <prefix>000001}, …
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
			keys[i] = String.format("%s%06d", prefix, i).getBytes(StandardCharsets.UTF_8);
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

	/**
	 * Adds one digit to a key number being read left to right.
	 * @param number the number so far, or -1 once a byte was not a digit
	 * @param digit the next byte
	 * @return the number with the digit, or -1
	 */
	static int index(int number, byte digit) {
		return (number < 0 || digit < '0' || digit > '9') ? -1 : number * 10 + (digit - '0');
	}

}
