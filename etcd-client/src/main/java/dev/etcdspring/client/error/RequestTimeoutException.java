package dev.etcdspring.client.error;

import org.jspecify.annotations.Nullable;

/**
 * The request's deadline passed before a response arrived (gRPC
 * {@code DEADLINE_EXCEEDED}, from the client's deadline or, under clock skew, the
 * server's). The outcome of a write that fails this way is unknown.
 */
public class RequestTimeoutException extends EtcdException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what timed out, and after how long
	 * @param statusCode the gRPC status code name, or {@code null}
	 * @param serverMessage the status description, or {@code null}
	 * @param cause the underlying error, or {@code null}
	 */
	public RequestTimeoutException(String message, @Nullable String statusCode, @Nullable String serverMessage,
			@Nullable Throwable cause) {
		super(message, statusCode, serverMessage, cause);
	}

}
