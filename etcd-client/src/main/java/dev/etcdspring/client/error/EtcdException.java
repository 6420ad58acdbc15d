package dev.etcdspring.client.error;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception the etcd client throws or fails a future with. Unchecked.
 *
 * <p>
 * Where the error came from the server, {@link #statusCode()} is the gRPC status code
 * name (such as {@code INVALID_ARGUMENT}) and {@link #serverMessage()} the server's own
 * text (such as {@code etcdserver: key is not provided}); the original gRPC exception is
 * the cause. The message says what happened and, where it helps, what to do.
 */
public class EtcdException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final @Nullable String statusCode;

	private final @Nullable String serverMessage;

	/**
	 * An exception with a message and an optional cause.
	 * @param message what happened
	 * @param cause the underlying error, or {@code null}
	 */
	public EtcdException(String message, @Nullable Throwable cause) {
		this(message, null, null, cause);
	}

	/**
	 * An exception for an error status from the server or the transport.
	 * @param message what happened and what to do
	 * @param statusCode the gRPC status code name, or {@code null}
	 * @param serverMessage the status description, or {@code null}
	 * @param cause the underlying error, or {@code null}
	 */
	public EtcdException(String message, @Nullable String statusCode, @Nullable String serverMessage,
			@Nullable Throwable cause) {
		super(message, cause);
		this.statusCode = statusCode;
		this.serverMessage = serverMessage;
	}

	/**
	 * The gRPC status code name of the failed call, such as {@code UNAVAILABLE}.
	 * @return the code name, or {@code null} when no call failed (a client-side error)
	 */
	public @Nullable String statusCode() {
		return this.statusCode;
	}

	/**
	 * The server's error text, such as {@code etcdserver: request is too large}.
	 * @return the text, or {@code null} when the server sent none
	 */
	public @Nullable String serverMessage() {
		return this.serverMessage;
	}

}
