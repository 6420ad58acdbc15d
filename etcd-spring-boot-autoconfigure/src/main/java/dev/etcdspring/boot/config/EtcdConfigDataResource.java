package dev.etcdspring.boot.config;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.config.ConfigDataResource;

/**
 * One folder under an imported prefix, such as {@code /config/myapp,dev/}: it becomes one
 * property source. Two resources are equal when they name the same folder, so a folder
 * imported twice is loaded once. Immutable.
 */
public final class EtcdConfigDataResource extends ConfigDataResource {

	private final String location;

	private final String prefix;

	private final String folder;

	private final @Nullable String profile;

	private final boolean optional;

	EtcdConfigDataResource(String location, String prefix, String folder, @Nullable String profile, boolean optional) {
		super(optional);
		this.location = location;
		this.prefix = prefix;
		this.folder = folder;
		this.profile = profile;
		this.optional = optional;
	}

	/**
	 * Whether the location was imported with {@code optional:}, so that etcd being
	 * unreachable is not fatal.
	 * @return whether the import is optional
	 */
	public boolean isOptionalImport() {
		return this.optional;
	}

	/**
	 * The import location as written, such as {@code optional:etcd:/config/}.
	 * @return the location
	 */
	public String getLocation() {
		return this.location;
	}

	/**
	 * The prefix the folder lies under, ending with {@code /}.
	 * @return the prefix
	 */
	public String getPrefix() {
		return this.prefix;
	}

	/**
	 * The folder's name, such as {@code application}, {@code myapp} or {@code myapp,dev}.
	 * @return the folder
	 */
	public String getFolder() {
		return this.folder;
	}

	/**
	 * The profile the folder is for.
	 * @return the profile, or {@code null} for a folder that applies to every profile
	 */
	public @Nullable String getProfile() {
		return this.profile;
	}

	/**
	 * Every key of the folder starts with this: the prefix, the folder and {@code /}.
	 * @return the folder's key prefix
	 */
	public String getKeyPrefix() {
		return this.prefix + this.folder + "/";
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof EtcdConfigDataResource that && this.prefix.equals(that.prefix)
				&& this.folder.equals(that.folder));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.prefix, this.folder);
	}

	@Override
	public String toString() {
		return "etcd:" + getKeyPrefix();
	}

}
