package dev.etcdspring.client.error;

import org.jspecify.annotations.Nullable;

/**
 * The server rejected the auth token and re-authenticating did not help.
 */
public class InvalidAuthTokenException extends AuthException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what happened and what to do
	 * @param statusCode the gRPC status code name, or {@code null}
	 * @param serverMessage the server's error text, or {@code null}
	 * @param cause the underlying error, or {@code null}
	 */
	public InvalidAuthTokenException(String message, @Nullable String statusCode, @Nullable String serverMessage,
			@Nullable Throwable cause) {
		super(message, statusCode, serverMessage, cause);
	}

}
