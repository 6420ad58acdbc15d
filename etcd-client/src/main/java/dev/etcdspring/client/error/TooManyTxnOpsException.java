package dev.etcdspring.client.error;

import org.jspecify.annotations.Nullable;

/**
 * The transaction has more operations than the server allows ({@code --max-txn-ops}, 128
 * by default).
 */
public class TooManyTxnOpsException extends InvalidRequestException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what happened and what to do
	 * @param statusCode the gRPC status code name, or {@code null}
	 * @param serverMessage the server's error text, or {@code null}
	 * @param cause the underlying error, or {@code null}
	 */
	public TooManyTxnOpsException(String message, @Nullable String statusCode, @Nullable String serverMessage,
			@Nullable Throwable cause) {
		super(message, statusCode, serverMessage, cause);
	}

}
