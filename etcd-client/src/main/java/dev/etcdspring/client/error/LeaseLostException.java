package dev.etcdspring.client.error;

import org.jspecify.annotations.Nullable;

/**
 * No renewal of a kept-alive lease succeeded for longer than its TTL: the client could not reach a
 * member that answers. The lease must be assumed expired, and the keys attached to it deleted (and
 * a lock or leadership held with it gone).
 */
public class LeaseLostException extends EtcdException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message which lease, and for how long it went unrenewed
	 * @param cause the underlying error, or {@code null}
	 */
	public LeaseLostException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
