package dev.etcdspring.boot.config;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.config.ConfigDataException;

/**
 * Configuration could not be imported from etcd: the location is not a key prefix, etcd
 * was not reachable for a mandatory import, or a document key holds something its loader
 * cannot parse. The message names the location, the key where there is one, and the
 * endpoints; never a password.
 */
public class EtcdConfigDataException extends ConfigDataException {

	private static final long serialVersionUID = 1L;

	/** What went wrong. */
	public enum Reason {

		/** The location is not a key prefix. */
		INVALID_LOCATION,

		/** etcd could not be reached or read. */
		UNAVAILABLE,

		/**
		 * A document key ({@code .yml}, {@code .yaml}, {@code .properties}) could not be
		 * parsed.
		 */
		INVALID_DOCUMENT

	}

	private final Reason reason;

	private final String location;

	private final @Nullable String key;

	private final List<String> endpoints;

	/**
	 * Creates the exception.
	 * @param reason what went wrong
	 * @param message what happened, naming the location, key and endpoints
	 * @param location the import location as written, such as {@code etcd:/config/}
	 * @param key the etcd key concerned, or {@code null}
	 * @param endpoints the endpoints the import used
	 * @param cause the underlying error, or {@code null}
	 */
	public EtcdConfigDataException(Reason reason, String message, String location, @Nullable String key,
			List<String> endpoints, @Nullable Throwable cause) {
		super(message, cause);
		this.reason = reason;
		this.location = location;
		this.key = key;
		this.endpoints = List.copyOf(endpoints);
	}

	/**
	 * What went wrong.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * The import location as written.
	 * @return the location
	 */
	public String getLocation() {
		return this.location;
	}

	/**
	 * The etcd key concerned.
	 * @return the key, or {@code null} when the failure is not about one key
	 */
	public @Nullable String getKey() {
		return this.key;
	}

	/**
	 * The endpoints the import used.
	 * @return the endpoints, empty when the location was rejected before any was chosen
	 */
	public List<String> getEndpoints() {
		return this.endpoints;
	}

}
