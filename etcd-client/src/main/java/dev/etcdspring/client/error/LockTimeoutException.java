package dev.etcdspring.client.error;

import org.jspecify.annotations.Nullable;

/**
 * A lock was not acquired, or an election not won, within the time allowed. The client
 * has withdrawn its claim: it does not hold the lock.
 */
public class LockTimeoutException extends RequestTimeoutException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what was not acquired, and within how long
	 * @param cause the underlying error, or {@code null}
	 */
	public LockTimeoutException(String message, @Nullable Throwable cause) {
		super(message, "DEADLINE_EXCEEDED", null, cause);
	}

}
