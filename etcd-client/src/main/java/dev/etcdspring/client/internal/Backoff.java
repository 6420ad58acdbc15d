package dev.etcdspring.client.internal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Reconnect delays of a stream: the first retry at once, then 50 ms doubling to 2 s, ±20%
 * jitter; {@link #reset()} after the stream worked again. Not thread-safe: its owner
 * guards it.
 */
final class Backoff {

	private static final long FIRST_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(2);

	private int failures;

	long nextDelayNanos() {
		int previous = this.failures++;
		if (previous == 0) {
			return 0;
		}
		long base = Math.min(MAX_NANOS, FIRST_NANOS << Math.min(previous - 1, 10));
		return (long) (base * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
	}

	void reset() {
		this.failures = 0;
	}

}
