package dev.etcdspring.client.error;

import org.jspecify.annotations.Nullable;

/**
 * No member could serve the request: none was reachable, or the one asked had no leader,
 * lost it, or timed out. The outcome of a write that fails this way is unknown.
 */
public class UnavailableException extends EtcdException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what happened and what to do
	 * @param statusCode the gRPC status code name, or {@code null}
	 * @param serverMessage the server's error text, or {@code null}
	 * @param cause the underlying error, or {@code null}
	 */
	public UnavailableException(String message, @Nullable String statusCode, @Nullable String serverMessage,
			@Nullable Throwable cause) {
		super(message, statusCode, serverMessage, cause);
	}

}
