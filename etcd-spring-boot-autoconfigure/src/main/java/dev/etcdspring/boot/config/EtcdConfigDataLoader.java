package dev.etcdspring.boot.config;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;

import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.boot.logging.DeferredLogFactory;

/**
 * Loads one etcd folder into one {@link EtcdConfigPropertySource}.
 *
 * <h2>Keys and properties</h2>
 * <ul>
 * <li>A key is one property, named by its path below the folder with {@code /} read as
 * {@code .}: {@code /config/myapp/server.port} and {@code /config/myapp/server/port} both
 * give {@code server.port}; the value is the key's UTF-8 text.</li>
 * <li>A key whose name ends with {@code .yml}, {@code .yaml} or {@code .properties} is a
 * document, parsed by Spring Boot's own loader for that extension; a document under a
 * sub-path has its properties prefixed with it ({@code /config/myapp/db/pool.yml} holding
 * {@code size: 5} gives {@code db.size}).</li>
 * <li>In a folder, single keys win over documents, and of two documents the later key
 * wins. {@code spring.config.import}, {@code spring.profiles.*} and
 * {@code spring.config.activate.*} from etcd are ignored: folders express profiles.</li>
 * </ul>
 *
 * <h2>Failures</h2> A document that cannot be parsed stops start-up with an
 * {@link EtcdConfigDataException} naming the key, {@code optional:} or not (as a
 * malformed file does). etcd that cannot be reached or read stops start-up with an
 * {@link EtcdConfigDataException} naming the location and the endpoints, unless the
 * location is {@code optional:}: then a warning is logged once and the folder adds
 * nothing. A folder without keys still adds its (empty) property source, so that keys
 * created later appear.
 */
public class EtcdConfigDataLoader implements ConfigDataLoader<EtcdConfigDataResource> {

	private final Log logger;

	/**
	 * Creates the loader; Spring Boot does, from {@code spring.factories}.
	 * @param logFactory the log factory of the start-up phase
	 */
	public EtcdConfigDataLoader(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(EtcdConfigDataLoader.class);
	}

	@Override
	public ConfigData load(ConfigDataLoaderContext context, EtcdConfigDataResource resource)
			throws ConfigDataResourceNotFoundException {
		EtcdConfigImport configImport = EtcdConfigImport.in(context.getBootstrapContext());
		EtcdConfigPropertySource source;
		try {
			source = configImport.load(resource);
		}
		catch (FolderProperties.InvalidDocumentException ex) {
			throw new EtcdConfigDataException(EtcdConfigDataException.Reason.INVALID_DOCUMENT,
					"The etcd key '" + ex.key() + "', imported through '" + resource.getLocation()
							+ "', is not a valid document: " + ex.getMessage(),
					resource.getLocation(), ex.key(), configImport.endpoints(), ex);
		}
		catch (RuntimeException ex) {
			if (resource.isOptionalImport()) {
				if (configImport.firstSkip()) {
					this.logger.warn("Skipping the optional import '" + resource.getLocation()
							+ "': etcd could not be read at " + configImport.endpoints() + ": " + ex.getMessage());
				}
				throw new ConfigDataResourceNotFoundException(resource, ex);
			}
			throw new EtcdConfigDataException(EtcdConfigDataException.Reason.UNAVAILABLE,
					"Could not import configuration from '" + resource.getLocation() + "' (folder '"
							+ resource.getKeyPrefix() + "'): etcd could not be read at " + configImport.endpoints()
							+ ": " + ex.getMessage(),
					resource.getLocation(), null, configImport.endpoints(), ex);
		}
		List<ConfigData.Option> options = new ArrayList<>(
				List.of(ConfigData.Option.IGNORE_IMPORTS, ConfigData.Option.IGNORE_PROFILES));
		if (resource.getProfile() != null) {
			options.add(ConfigData.Option.PROFILE_SPECIFIC);
		}
		return new ConfigData(List.of(source), options.toArray(new ConfigData.Option[0]));
	}

}
