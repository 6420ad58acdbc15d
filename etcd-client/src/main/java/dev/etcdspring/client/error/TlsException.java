package dev.etcdspring.client.error;

import org.jspecify.annotations.Nullable;

/**
 * TLS failed: the member's certificate was not trusted, the member required a client
 * certificate, or one side spoke TLS and the other did not. The message names the
 * endpoint and what to check.
 */
public class TlsException extends EtcdException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message which endpoint, what failed, what to check
	 * @param cause the TLS error, or {@code null}
	 */
	public TlsException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
