package dev.etcdspring.client.error;

import org.jspecify.annotations.Nullable;

/**
 * The client could not connect to any endpoint within the dial timeout. The message names
 * every endpoint and the last transport error.
 */
public class DialTimeoutException extends EtcdException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what happened and what to do
	 * @param statusCode the gRPC status code name, or {@code null}
	 * @param serverMessage the server's error text, or {@code null}
	 * @param cause the underlying error, or {@code null}
	 */
	public DialTimeoutException(String message, @Nullable String statusCode, @Nullable String serverMessage,
			@Nullable Throwable cause) {
		super(message, statusCode, serverMessage, cause);
	}

}
