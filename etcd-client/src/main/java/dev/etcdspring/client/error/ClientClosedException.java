package dev.etcdspring.client.error;

import org.jspecify.annotations.Nullable;

/**
 * The client was closed before the call started or while it ran ("client is closing").
 * Tells a call that raced {@code close()} apart from the caller's own cancellation
 * ({@link java.util.concurrent.CancellationException}) and from a deadline
 * ({@link RequestTimeoutException}).
 */
public class ClientClosedException extends EtcdException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what was cut short
	 * @param cause the underlying error, or {@code null}
	 */
	public ClientClosedException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
