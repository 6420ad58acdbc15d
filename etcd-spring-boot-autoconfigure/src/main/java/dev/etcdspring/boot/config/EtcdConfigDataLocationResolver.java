package dev.etcdspring.boot.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.bootstrap.BootstrapContextClosedEvent;
import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.context.config.Profiles;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.Assert;

/**
 * Resolves {@code spring.config.import=etcd:…} locations into folders to read.
 *
 * <h2>Locations</h2> {@code etcd:} followed by one or more key prefixes separated by
 * {@code ;} (such as {@code etcd:/config/} or {@code etcd:/config/;/shared/});
 * {@code etcd:} alone means {@code /config/}. A prefix is taken as a folder: a missing
 * trailing {@code /} is added. Keys are relative to {@code etcd.namespace}, like every
 * key of the client. Prefixed with {@code optional:}, a location whose etcd cannot be
 * reached adds nothing instead of stopping start-up.
 *
 * <h2>Layout and precedence</h2> Under each prefix, the folders of an application named
 * {@code myapp} ({@code etcd.config.name}, else {@code spring.application.name}) with the
 * profile {@code dev} active are, from lowest to highest precedence: {@code application/}
 * (every application), {@code myapp/}, {@code application,dev/}, {@code myapp,dev/}:
 * profile-specific folders win over the others, as profile-specific files do in Spring
 * Boot, and of two active profiles the later wins. Of two prefixes, and of two imported
 * locations, the later wins; every imported folder wins over the file that imports it.
 * Each folder is one property source (see {@link EtcdConfigPropertySource}); how keys
 * become properties is described on the loader, {@link EtcdConfigDataLoader}.
 *
 * <p>
 * The first resolution registers the import's state in the {@code BootstrapRegistry},
 * and, when the application context is prepared, hands its client to the application
 * (bean {@value EtcdConfigDataClient#BEAN_NAME}, which the auto-configured
 * {@code EtcdClient} reuses) and registers the watcher that keeps the folders live.
 */
public class EtcdConfigDataLocationResolver implements ConfigDataLocationResolver<EtcdConfigDataResource> {

	/** The prefix of locations this resolver handles. */
	public static final String PREFIX = "etcd:";

	/** The key prefix of {@code etcd:} without one. */
	public static final String DEFAULT_PREFIX = "/config/";

	private final Log logger;

	private final ResourceLoader resourceLoader;

	/**
	 * Creates the resolver; Spring Boot does, from {@code spring.factories}.
	 * @param logFactory the log factory of the start-up phase
	 * @param resourceLoader loads SSL bundle files for the import's client
	 */
	public EtcdConfigDataLocationResolver(DeferredLogFactory logFactory, ResourceLoader resourceLoader) {
		this.logger = logFactory.getLog(EtcdConfigDataLocationResolver.class);
		this.resourceLoader = resourceLoader;
	}

	@Override
	public boolean isResolvable(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
		return location.hasPrefix(PREFIX);
	}

	@Override
	public List<EtcdConfigDataResource> resolve(ConfigDataLocationResolverContext context,
			ConfigDataLocation location) {
		EtcdConfigImport configImport = register(context);
		String name = configImport.applicationName();
		List<EtcdConfigDataResource> resources = new ArrayList<>();
		for (String prefix : prefixes(location, configImport.endpoints())) {
			resources.add(resource(location, prefix, EtcdConfigImport.DEFAULT_FOLDER, null));
			if (!name.equals(EtcdConfigImport.DEFAULT_FOLDER)) {
				resources.add(resource(location, prefix, name, null));
			}
		}
		return resources;
	}

	@Override
	public List<EtcdConfigDataResource> resolveProfileSpecific(ConfigDataLocationResolverContext context,
			ConfigDataLocation location, Profiles profiles) {
		EtcdConfigImport configImport = register(context);
		String name = configImport.applicationName();
		List<EtcdConfigDataResource> resources = new ArrayList<>();
		for (String prefix : prefixes(location, configImport.endpoints())) {
			for (String profile : profiles.getAccepted()) {
				resources.add(resource(location, prefix, EtcdConfigImport.DEFAULT_FOLDER + "," + profile, profile));
				if (!name.equals(EtcdConfigImport.DEFAULT_FOLDER)) {
					resources.add(resource(location, prefix, name + "," + profile, profile));
				}
			}
		}
		return resources;
	}

	private static EtcdConfigDataResource resource(ConfigDataLocation location, String prefix, String folder,
			@Nullable String profile) {
		return new EtcdConfigDataResource(location.toString(), prefix, folder, profile, location.isOptional());
	}

	/**
	 * The key prefixes of a location, each ending with {@code /}.
	 * @param location the location
	 * @param endpoints the endpoints, for messages
	 * @return the prefixes
	 * @throws EtcdConfigDataException when a part of the location is not a key prefix
	 */
	static List<String> prefixes(ConfigDataLocation location, List<String> endpoints) {
		String value = location.getNonPrefixedValue(PREFIX).strip();
		if (value.isEmpty()) {
			return List.of(DEFAULT_PREFIX);
		}
		List<String> prefixes = new ArrayList<>();
		for (String part : value.split(";", -1)) {
			String prefix = part.strip();
			String problem = problem(prefix);
			if (problem != null) {
				throw new EtcdConfigDataException(EtcdConfigDataException.Reason.INVALID_LOCATION,
						"The import location '" + location + "' is not valid: " + problem, location.toString(), null,
						endpoints, null);
			}
			prefixes.add(prefix.endsWith("/") ? prefix : prefix + "/");
		}
		return prefixes;
	}

	private static @Nullable String problem(String prefix) {
		if (prefix.isEmpty()) {
			return "it has an empty key prefix (separate prefixes with ';', such as etcd:/config/;/shared/)";
		}
		if (prefix.contains("://") || prefix.startsWith("//")) {
			return "'" + prefix + "' is an address, not a key prefix: set the endpoints with etcd.endpoints and "
					+ "import a key prefix, such as etcd:/config/";
		}
		if (FolderProperties.isDocument(prefix)) {
			return "'" + prefix + "' names a document key, not a key prefix: import the prefix that holds the "
					+ "application folders, such as etcd:/config/ (a key /config/myapp/app.yml is then read as a "
					+ "document of the folder myapp)";
		}
		if (prefix.contains("*") || prefix.contains("?")) {
			return "'" + prefix + "' has a wildcard: give a plain key prefix, such as etcd:/config/";
		}
		if (prefix.chars().anyMatch(Character::isWhitespace) || prefix.toLowerCase(Locale.ROOT).equals("etcd:")) {
			return "'" + prefix + "' is not a key prefix";
		}
		return null;
	}

	private EtcdConfigImport register(ConfigDataLocationResolverContext context) {
		ConfigurableBootstrapContext bootstrap = context.getBootstrapContext();
		if (!bootstrap.isRegistered(EtcdConfigImport.class)) {
			EtcdConfigImport configImport = EtcdConfigImport.create(context.getBinder(), this.resourceLoader,
					bootstrap);
			this.logger.debug("Importing configuration from etcd at " + configImport.endpoints()
					+ " for the application '" + configImport.applicationName() + "'");
			bootstrap.register(EtcdConfigImport.class, InstanceSupplier.of(configImport));
			bootstrap.addCloseListener(EtcdConfigDataLocationResolver::handOver);
		}
		return EtcdConfigImport.in(bootstrap);
	}

	/**
	 * The application context is prepared: it gets the client, and the watcher keeps the
	 * folders live.
	 */
	private static void handOver(BootstrapContextClosedEvent event) {
		EtcdConfigImport configImport = EtcdConfigImport.in(event.getBootstrapContext());
		if (configImport.connectedClient() == null) {
			configImport.close();
			return;
		}
		ConfigurableListableBeanFactory beanFactory = event.getApplicationContext().getBeanFactory();
		Assert.state(beanFactory instanceof BeanDefinitionRegistry,
				"The etcd configuration import needs a bean factory that takes bean definitions");
		BeanDefinitionRegistry registry = (BeanDefinitionRegistry) beanFactory;
		EtcdConfigDataClient client = new EtcdConfigDataClient(configImport);
		registry.registerBeanDefinition(EtcdConfigDataClient.BEAN_NAME,
				new RootBeanDefinition(EtcdConfigDataClient.class, () -> client));
		if (configImport.config().getWatch().isEnabled()) {
			EtcdConfigWatcher watcher = new EtcdConfigWatcher(configImport, event.getApplicationContext());
			RootBeanDefinition definition = new RootBeanDefinition(EtcdConfigWatcher.class, () -> watcher);
			definition.setDependsOn(EtcdConfigDataClient.BEAN_NAME);
			registry.registerBeanDefinition(EtcdConfigWatcher.BEAN_NAME, definition);
		}
	}

}
