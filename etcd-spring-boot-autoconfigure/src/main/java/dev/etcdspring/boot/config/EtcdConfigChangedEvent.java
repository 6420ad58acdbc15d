package dev.etcdspring.boot.config;

import java.util.Set;

import org.springframework.context.ApplicationEvent;

/**
 * Configuration imported from etcd changed: published once per refresh of a prefix, after
 * the {@code Environment} shows the new values and after {@code @ConfigurationProperties}
 * beans were rebound (and, with Spring Cloud, {@code @RefreshScope} beans refreshed).
 * Changes that come close together are reported together, at the revision of the latest.
 * Published on the import's refresh thread.
 */
public class EtcdConfigChangedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final String prefix;

	private final long revision;

	private final Set<String> changedProperties;

	private final Set<String> changedKeys;

	/**
	 * Creates the event.
	 * @param source the application context
	 * @param prefix the imported key prefix
	 * @param revision the etcd revision the prefix's property sources reflect
	 * @param changedProperties the names of the properties that changed, appeared or
	 * disappeared
	 * @param changedKeys the etcd keys that were put or deleted
	 */
	public EtcdConfigChangedEvent(Object source, String prefix, long revision, Set<String> changedProperties,
			Set<String> changedKeys) {
		super(source);
		this.prefix = prefix;
		this.revision = revision;
		this.changedProperties = Set.copyOf(changedProperties);
		this.changedKeys = Set.copyOf(changedKeys);
	}

	/**
	 * The imported key prefix that changed, such as {@code /config/}.
	 * @return the prefix
	 */
	public String getPrefix() {
		return this.prefix;
	}

	/**
	 * The etcd revision the prefix's property sources reflect.
	 * @return the revision
	 */
	public long getRevision() {
		return this.revision;
	}

	/**
	 * The names of the properties whose values changed, appeared or disappeared, as the
	 * property sources name them (such as {@code server.port}).
	 * @return the property names
	 */
	public Set<String> getChangedProperties() {
		return this.changedProperties;
	}

	/**
	 * The etcd keys that were put or deleted (a put that changed no property is
	 * included).
	 * @return the keys
	 */
	public Set<String> getChangedKeys() {
		return this.changedKeys;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[prefix=" + this.prefix + ", revision=" + this.revision
				+ ", changedProperties=" + this.changedProperties + "]";
	}

}
