package dev.etcdspring.client.error;

/**
 * An endpoint given to the client builder is not an etcd client URL. An
 * {@link IllegalArgumentException}, thrown by {@code build()}, that names the value.
 */
public class InvalidEndpointException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String endpoint;

	/**
	 * Creates the exception.
	 * @param endpoint the value as given
	 * @param message what is wrong with it and what is expected
	 */
	public InvalidEndpointException(String endpoint, String message) {
		super(message);
		this.endpoint = endpoint;
	}

	/**
	 * The endpoint as given.
	 * @return the value
	 */
	public String endpoint() {
		return this.endpoint;
	}

}
