package dev.etcdspring.boot.config;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * The properties of one imported etcd folder, named {@code etcd:} followed by the
 * folder's key prefix (such as {@code etcd:/config/myapp,dev/}). Its content changes when
 * the folder's keys do: every folder of a prefix switches from one revision to the next
 * at once, so a lookup never sees part of a transaction. Thread-safe.
 */
public final class EtcdConfigPropertySource extends EnumerablePropertySource<EtcdConfigDataResource>
		implements OriginLookup<String> {

	private final EtcdConfigFeed feed;

	EtcdConfigPropertySource(EtcdConfigDataResource resource, EtcdConfigFeed feed) {
		super("etcd:" + resource.getKeyPrefix(), resource);
		this.feed = feed;
	}

	private FolderProperties properties() {
		return this.feed.properties(getSource().getFolder());
	}

	@Override
	public @Nullable Object getProperty(String name) {
		return FolderProperties.unwrap(properties().get(name));
	}

	@Override
	public boolean containsProperty(String name) {
		return properties().get(name) != null;
	}

	@Override
	public String[] getPropertyNames() {
		return properties().names().clone();
	}

	@Override
	public @Nullable Origin getOrigin(String name) {
		return (properties().get(name) instanceof OriginTrackedValue tracked) ? tracked.getOrigin() : null;
	}

	/**
	 * The revision of etcd the properties reflect.
	 * @return the revision
	 */
	public long getRevision() {
		return this.feed.revision();
	}

}
