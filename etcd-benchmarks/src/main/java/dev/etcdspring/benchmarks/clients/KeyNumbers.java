package dev.etcdspring.benchmarks.clients;

import java.util.function.IntUnaryOperator;

/**
 * Reads the number a watch-part key ends with, from the last {@link WatchSink#KEY_DIGITS}
 * bytes, so that a sink can tell each event's key without decoding it. Each adapter
 * passes its client's own byte accessor, as its users would read the key.
 */
final class KeyNumbers {

	private KeyNumbers() {
	}

	/**
	 * The key's number.
	 * @param size the key's length in bytes
	 * @param byteAt the key's byte at an index
	 * @return the number, or -1 when the key is shorter than the digits or one of them is
	 * not a digit
	 */
	static int of(int size, IntUnaryOperator byteAt) {
		if (size < WatchSink.KEY_DIGITS) {
			return -1;
		}
		int number = 0;
		for (int i = size - WatchSink.KEY_DIGITS; i < size; i++) {
			int digit = byteAt.applyAsInt(i);
			if (digit < '0' || digit > '9') {
				return -1;
			}
			number = number * 10 + (digit - '0');
		}
		return number;
	}

}
