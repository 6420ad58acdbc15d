package dev.etcdspring.boot.config;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.etcdspring.client.KeyValue;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * The properties of one folder at one revision, computed from its keys:
 * <ul>
 * <li>a key whose last segment ends with {@code .yml}, {@code .yaml} or
 * {@code .properties} is a document, parsed with Spring Boot's loader for that extension;
 * its properties are prefixed with the segments before it ({@code db/pool.yml} holding
 * {@code size: 5} gives {@code db.size});</li>
 * <li>any other key is one property, named by its path below the folder with {@code /}
 * read as {@code .} ({@code server.port} and {@code server/port} both give
 * {@code server.port}), its value the key's UTF-8 text;</li>
 * <li>single keys win over documents, and of two documents the later key (in key order)
 * wins; keys ending with {@code /} are ignored, and so is
 * {@code spring.config.activate.*}: folders express profiles.</li>
 * </ul>
 * Immutable: a change builds a new instance, reusing the documents whose keys did not
 * change.
 */
final class FolderProperties {

	static final FolderProperties EMPTY = new FolderProperties(Map.of(), Map.of());

	private static final String ACTIVATE_PREFIX = "spring.config.activate.";

	private final Map<String, Object> values;

	private final Map<String, Document> documents;

	private final String[] names;

	private FolderProperties(Map<String, Object> values, Map<String, Document> documents) {
		this.values = values;
		this.documents = documents;
		this.names = values.keySet().stream().sorted().toArray(String[]::new);
	}

	/**
	 * Computes a folder's properties.
	 * @param keyPrefix the folder's key prefix, ending with {@code /}
	 * @param kvs the folder's keys, in key order
	 * @param previous the properties before the change, whose unchanged documents are
	 * reused, or {@code null}
	 * @param lenient whether a document that cannot be parsed and has no earlier version
	 * is left out (and logged) rather than thrown
	 * @param log where to report what is left out
	 * @return the properties
	 * @throws InvalidDocumentException when a document cannot be parsed, {@code previous}
	 * has no earlier version of it and {@code lenient} is false
	 */
	static FolderProperties of(String keyPrefix, Collection<KeyValue> kvs, @Nullable FolderProperties previous,
			boolean lenient, Log log) {
		Map<String, Object> fromDocuments = new LinkedHashMap<>();
		Map<String, Object> fromKeys = new LinkedHashMap<>();
		Map<String, Document> documents = new HashMap<>();
		for (KeyValue kv : kvs) {
			String key = kv.keyAsString();
			if (!key.startsWith(keyPrefix) || key.endsWith("/") || key.length() == keyPrefix.length()) {
				continue;
			}
			String path = key.substring(keyPrefix.length());
			int slash = path.lastIndexOf('/');
			String last = path.substring(slash + 1);
			PropertySourceLoader loader = loaderFor(last);
			if (loader != null) {
				String namePrefix = (slash < 0) ? "" : path.substring(0, slash).replace('/', '.') + ".";
				Document document;
				try {
					document = document(kv, loader, previous, log);
				}
				catch (InvalidDocumentException ex) {
					if (!lenient) {
						throw ex;
					}
					log.error("Leaving out etcd key '" + key + "' (mod revision " + kv.modRevision()
							+ "): it is not a valid document: " + ex.getMessage());
					continue;
				}
				documents.put(key, document);
				document.properties.forEach((name, value) -> add(fromDocuments, namePrefix + name, value, key, log));
			}
			else {
				Origin origin = new EtcdKeyOrigin(key, kv.modRevision());
				add(fromKeys, path.replace('/', '.'), OriginTrackedValue.of(kv.valueAsString(), origin), key, log);
			}
		}
		fromDocuments.putAll(fromKeys);
		return new FolderProperties(Map.copyOf(fromDocuments), Map.copyOf(documents));
	}

	private static void add(Map<String, Object> target, String name, Object value, String key, Log log) {
		if (name.startsWith(ACTIVATE_PREFIX)) {
			log.warn("Ignoring " + name + " from etcd key '" + key + "': profiles are expressed by folders "
					+ "(such as myapp,dev/), not by activation properties");
			return;
		}
		target.remove(name);
		target.put(name, value);
	}

	private static Document document(KeyValue kv, PropertySourceLoader loader, @Nullable FolderProperties previous,
			Log log) {
		String key = kv.keyAsString();
		Document known = (previous != null) ? previous.documents.get(key) : null;
		if (known != null && known.modRevision == kv.modRevision()) {
			return known;
		}
		try {
			return new Document(kv.modRevision(), parse(key, kv.value().toByteArray(), loader));
		}
		catch (InvalidDocumentException ex) {
			if (known == null) {
				throw ex;
			}
			log.error("Keeping the last valid version (mod revision " + known.modRevision + ") of etcd key '" + key
					+ "': its value at mod revision " + kv.modRevision() + " is not valid: " + ex.getMessage());
			return known;
		}
	}

	private static Map<String, Object> parse(String key, byte[] content, PropertySourceLoader loader) {
		ByteArrayResource resource = new EtcdKeyResource(content, key);
		try {
			Map<String, Object> properties = new LinkedHashMap<>();
			List<PropertySource<?>> sources = loader.load(key, resource);
			for (PropertySource<?> source : sources) {
				if (source instanceof EnumerablePropertySource<?> enumerable) {
					for (String name : enumerable.getPropertyNames()) {
						Object value = Objects.requireNonNull(enumerable.getProperty(name));
						properties.remove(name);
						properties.put(name, OriginTrackedValue.of(value, OriginLookup.getOrigin(enumerable, name)));
					}
				}
			}
			return properties;
		}
		catch (IOException | RuntimeException ex) {
			String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getName();
			throw new InvalidDocumentException(key, message.strip(), ex);
		}
	}

	private static @Nullable PropertySourceLoader loaderFor(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		if (lower.length() > 4 && (lower.endsWith(".yml") || lower.endsWith(".yaml"))) {
			return new YamlPropertySourceLoader();
		}
		if (lower.length() > 11 && lower.endsWith(".properties")) {
			return new PropertiesPropertySourceLoader();
		}
		return null;
	}

	/**
	 * Whether a key's last segment names a document.
	 * @param key the key
	 * @return whether it ends with a document extension
	 */
	static boolean isDocument(String key) {
		return loaderFor(key.substring(key.lastIndexOf('/') + 1)) != null;
	}

	/**
	 * The value of a property, with its origin.
	 * @param name the property name
	 * @return the value, possibly an {@link OriginTrackedValue}, or {@code null}
	 */
	@Nullable Object get(String name) {
		return this.values.get(name);
	}

	/**
	 * The property names; the same array until the properties change.
	 * @return the names
	 */
	String[] names() {
		return this.names;
	}

	/**
	 * The names whose values differ between two versions of a folder, or that only one
	 * has.
	 * @param before the earlier properties
	 * @param after the later properties
	 * @return the names
	 */
	static Set<String> changes(FolderProperties before, FolderProperties after) {
		Set<String> changed = new HashSet<>();
		before.values.forEach((name, value) -> {
			if (!Objects.equals(unwrap(value), unwrap(after.values.get(name)))) {
				changed.add(name);
			}
		});
		after.values.keySet().stream().filter((name) -> !before.values.containsKey(name)).forEach(changed::add);
		return changed;
	}

	static @Nullable Object unwrap(@Nullable Object value) {
		return (value instanceof OriginTrackedValue tracked) ? tracked.getValue() : value;
	}

	/** A parsed document and the revision it was parsed at. */
	private record Document(long modRevision, Map<String, Object> properties) {
	}

	/** A document's content, described by its key in origins and errors. */
	private static final class EtcdKeyResource extends ByteArrayResource {

		private final String key;

		EtcdKeyResource(byte[] content, String key) {
			super(content, "etcd key '" + key + "'");
			this.key = key;
		}

		@Override
		public String getFilename() {
			return this.key.substring(this.key.lastIndexOf('/') + 1);
		}

		@Override
		public String getDescription() {
			return "etcd key '" + this.key + "'";
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return this == other
					|| (other instanceof EtcdKeyResource that && this.key.equals(that.key) && super.equals(other));
		}

		@Override
		public int hashCode() {
			return this.key.hashCode();
		}

	}

	/** A document key whose value its loader could not parse. */
	static final class InvalidDocumentException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final String key;

		InvalidDocumentException(String key, String message, Throwable cause) {
			super(message, cause);
			this.key = key;
		}

		String key() {
			return this.key;
		}

	}

}
