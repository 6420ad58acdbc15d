package dev.etcdspring.client.error;

import org.jspecify.annotations.Nullable;

/**
 * The server is overloaded (its applied index lags too far behind its committed index)
 * and refuses the request.
 */
public class TooManyRequestsException extends EtcdException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what happened and what to do
	 * @param statusCode the gRPC status code name, or {@code null}
	 * @param serverMessage the server's error text, or {@code null}
	 * @param cause the underlying error, or {@code null}
	 */
	public TooManyRequestsException(String message, @Nullable String statusCode, @Nullable String serverMessage,
			@Nullable Throwable cause) {
		super(message, statusCode, serverMessage, cause);
	}

}
