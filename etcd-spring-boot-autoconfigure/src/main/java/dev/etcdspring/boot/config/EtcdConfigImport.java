package dev.etcdspring.boot.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.etcdspring.boot.autoconfigure.EtcdClientBuilderCustomizer;
import dev.etcdspring.boot.autoconfigure.EtcdClientBuilders;
import dev.etcdspring.boot.autoconfigure.EtcdProperties;
import dev.etcdspring.boot.metrics.DeferredInstrumentation;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.ssl.JksSslBundleProperties;
import org.springframework.boot.autoconfigure.ssl.PemSslBundleProperties;
import org.springframework.boot.autoconfigure.ssl.PropertiesSslBundle;
import org.springframework.boot.autoconfigure.ssl.SslProperties;
import org.springframework.boot.bootstrap.BootstrapContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * What one application's {@code spring.config.import=etcd:} holds, kept in the
 * {@code BootstrapRegistry}: the settings read when the import was first resolved, the
 * client (connected at the first load, shared afterwards with the application as its
 * {@code EtcdClient}) and one {@link EtcdConfigFeed} per prefix. A client that could not
 * connect is not tried again within the same start-up: each try would wait for the whole
 * dial timeout. Thread-safe.
 */
final class EtcdConfigImport {

	static final String DEFAULT_FOLDER = "application";

	private final EtcdProperties etcd;

	private final EtcdConfigProperties config;

	private final String applicationName;

	private final @Nullable SslBundles sslBundles;

	private final @Nullable EtcdClientBuilderCustomizer customizer;

	/**
	 * Hooks for meters and observations, filled in once the application's registries
	 * exist.
	 */
	private final @Nullable DeferredInstrumentation instrumentation;

	private final Map<String, EtcdConfigFeed> feeds = new LinkedHashMap<>();

	private @Nullable EtcdClient client;

	private @Nullable RuntimeException connectFailure;

	private boolean closed;

	private boolean skipped;

	EtcdConfigImport(EtcdProperties etcd, EtcdConfigProperties config, String applicationName,
			@Nullable SslBundles sslBundles, @Nullable EtcdClientBuilderCustomizer customizer,
			@Nullable DeferredInstrumentation instrumentation) {
		this.etcd = etcd;
		this.config = config;
		this.applicationName = applicationName;
		this.sslBundles = sslBundles;
		this.customizer = customizer;
		this.instrumentation = instrumentation;
	}

	/**
	 * The hooks the client was built with, for meters and observations that can only be
	 * decided once the application context exists.
	 * @return the hooks, or {@code null} without Micrometer (or with both turned off)
	 */
	@Nullable DeferredInstrumentation instrumentation() {
		return this.instrumentation;
	}

	/**
	 * Hooks when Micrometer is there and neither etcd metrics nor observations are turned
	 * off.
	 */
	private static @Nullable DeferredInstrumentation instrumentation(Binder binder) {
		if (!ClassUtils.isPresent("io.micrometer.core.instrument.MeterRegistry",
				EtcdConfigImport.class.getClassLoader())) {
			return null;
		}
		boolean metrics = binder.bind("management.metrics.etcd.enabled", Boolean.class).orElse(true);
		boolean observations = binder.bind("management.observations.etcd.enabled", Boolean.class).orElse(true);
		return (metrics || observations) ? new DeferredInstrumentation() : null;
	}

	/**
	 * Reads the settings that apply to the import.
	 * @param binder the binder of the configuration read so far
	 * @param resourceLoader loads SSL bundle files
	 * @param bootstrap where an {@link EtcdClientBuilderCustomizer} may have been
	 * registered
	 * @return the import
	 */
	static EtcdConfigImport create(Binder binder, ResourceLoader resourceLoader, BootstrapContext bootstrap) {
		EtcdProperties etcd = binder.bind("etcd", Bindable.of(EtcdProperties.class)).orElseGet(EtcdProperties::new);
		EtcdConfigProperties config = binder.bind("etcd.config", Bindable.of(EtcdConfigProperties.class))
			.orElseGet(EtcdConfigProperties::new);
		String name = (config.getName() != null) ? config.getName()
				: binder.bind("spring.application.name", String.class).orElse(DEFAULT_FOLDER);
		EtcdClientBuilderCustomizer customizer = bootstrap.isRegistered(EtcdClientBuilderCustomizer.class)
				? bootstrap.get(EtcdClientBuilderCustomizer.class) : null;
		return new EtcdConfigImport(etcd, config, name, sslBundles(etcd, binder, resourceLoader), customizer,
				instrumentation(binder));
	}

	private static @Nullable SslBundles sslBundles(EtcdProperties etcd, Binder binder, ResourceLoader resourceLoader) {
		String name = etcd.getSsl().getBundle();
		if (name == null) {
			return null;
		}
		SslProperties ssl = binder.bind("spring.ssl", Bindable.of(SslProperties.class)).orElseGet(SslProperties::new);
		DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry();
		PemSslBundleProperties pem = ssl.getBundle().getPem().get(name);
		JksSslBundleProperties jks = ssl.getBundle().getJks().get(name);
		if (pem != null) {
			registry.registerBundle(name, PropertiesSslBundle.get(pem, resourceLoader));
		}
		else if (jks != null) {
			registry.registerBundle(name, PropertiesSslBundle.get(jks, resourceLoader));
		}
		return registry;
	}

	/**
	 * The import registered in a bootstrap context by the resolver.
	 * @param bootstrap the bootstrap context
	 * @return the import
	 */
	static EtcdConfigImport in(BootstrapContext bootstrap) {
		EtcdConfigImport configImport = bootstrap.get(EtcdConfigImport.class);
		if (configImport == null) {
			throw new IllegalStateException("No etcd configuration import is registered");
		}
		return configImport;
	}

	String applicationName() {
		return this.applicationName;
	}

	EtcdConfigProperties config() {
		return this.config;
	}

	List<String> endpoints() {
		return List.copyOf(this.etcd.getEndpoints());
	}

	/**
	 * Reads a folder, connecting first if needed.
	 * @param resource the folder
	 * @return its live property source
	 * @throws RuntimeException what the client threw, or
	 * {@link FolderProperties.InvalidDocumentException}
	 */
	EtcdConfigPropertySource load(EtcdConfigDataResource resource) {
		EtcdConfigFeed feed;
		synchronized (this) {
			EtcdClient connected = client();
			feed = this.feeds.computeIfAbsent(resource.getPrefix(), (prefix) -> new EtcdConfigFeed(connected, prefix));
		}
		return feed.load(resource);
	}

	// synchronized by the caller
	private EtcdClient client() {
		if (this.closed) {
			throw new IllegalStateException("The etcd configuration import is closed");
		}
		if (this.client == null) {
			if (this.connectFailure != null) {
				throw this.connectFailure;
			}
			try {
				EtcdClientBuilder builder = EtcdClientBuilders.fromProperties(this.etcd, this.sslBundles);
				if (this.instrumentation != null) {
					builder.interceptors(this.instrumentation.interceptors()).listener(this.instrumentation.listener());
				}
				if (this.customizer != null) {
					this.customizer.customize(builder);
				}
				this.client = builder.build();
			}
			catch (RuntimeException ex) {
				this.connectFailure = ex;
				throw ex;
			}
		}
		return this.client;
	}

	/**
	 * Whether an optional folder is skipped for the first time, so that the reason is
	 * logged once.
	 * @return true the first time only
	 */
	synchronized boolean firstSkip() {
		boolean first = !this.skipped;
		this.skipped = true;
		return first;
	}

	/**
	 * The client, once connected.
	 * @return the client, or {@code null} when no folder was loaded
	 */
	synchronized @Nullable EtcdClient connectedClient() {
		return this.client;
	}

	synchronized List<EtcdConfigFeed> feeds() {
		return new ArrayList<>(this.feeds.values());
	}

	/** Stops every watch and closes the client. Idempotent. */
	void close() {
		EtcdClient toClose;
		List<EtcdConfigFeed> toStop;
		synchronized (this) {
			this.closed = true;
			toClose = this.client;
			toStop = new ArrayList<>(this.feeds.values());
		}
		toStop.forEach(EtcdConfigFeed::stop);
		if (toClose != null) {
			toClose.close();
		}
	}

}
