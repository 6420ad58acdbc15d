package dev.etcdspring.client.internal;

import java.time.Duration;
import java.util.Objects;

/** Argument checks for durations. */
public final class Durations {

	private Durations() {
	}

	/**
	 * The duration, when it is longer than zero.
	 * @param name the setting, for the message
	 * @param value the value
	 * @return the value
	 * @throws IllegalArgumentException naming the setting and the value otherwise
	 */
	public static Duration requirePositive(String name, Duration value) {
		Objects.requireNonNull(value, name);
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be longer than zero, was " + value);
		}
		return value;
	}

	/**
	 * The duration, when it is zero or longer.
	 * @param name the setting, for the message
	 * @param value the value
	 * @return the value
	 * @throws IllegalArgumentException naming the setting and the value otherwise
	 */
	public static Duration requireNotNegative(String name, Duration value) {
		Objects.requireNonNull(value, name);
		if (value.isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative, was " + value);
		}
		return value;
	}

}
