package dev.etcdspring.client.error;

import org.jspecify.annotations.Nullable;

/**
 * A session's lease went unrenewed for its whole TTL: the client could not reach a member
 * that answers. The lease may have expired, and with it the keys attached to it and a
 * lock or leadership held with it: the session is over. (Plain keep-alives do not end
 * this way: they keep trying until the server says the lease is gone.)
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
