package dev.etcdspring.client.error;

/**
 * The endpoints given to the client builder are not usable: one is not an etcd client URL
 * (a missing host, a port that is not a number), the list is empty, or it mixes
 * {@code http} and {@code https}. Thrown by {@code build()}; the message names the value
 * and says what is expected.
 */
public class InvalidEndpointException extends EtcdException {

	private static final long serialVersionUID = 1L;

	private final String endpoint;

	/**
	 * Creates the exception.
	 * @param endpoint the value as given (the whole list, for a problem of the list)
	 * @param message what is wrong with it and what is expected
	 */
	public InvalidEndpointException(String endpoint, String message) {
		super(message, null);
		this.endpoint = endpoint;
	}

	/**
	 * The endpoint as given, or the whole list for a problem of the list (empty, mixed
	 * schemes).
	 * @return the value
	 */
	public String endpoint() {
		return this.endpoint;
	}

}
