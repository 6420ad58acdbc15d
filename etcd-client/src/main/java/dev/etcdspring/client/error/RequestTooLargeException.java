package dev.etcdspring.client.error;

import org.jspecify.annotations.Nullable;

/**
 * The request is larger than the server accepts ({@code --max-request-bytes}, 1.5 MiB by
 * default, or the gRPC message limit).
 */
public class RequestTooLargeException extends InvalidRequestException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what happened and what to do
	 * @param statusCode the gRPC status code name, or {@code null}
	 * @param serverMessage the server's error text, or {@code null}
	 * @param cause the underlying error, or {@code null}
	 */
	public RequestTooLargeException(String message, @Nullable String statusCode, @Nullable String serverMessage,
			@Nullable Throwable cause) {
		super(message, statusCode, serverMessage, cause);
	}

}
