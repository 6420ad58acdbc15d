package dev.etcdspring.boot.autoconfigure.metrics;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Whether etcd calls and template operations are observed.
 * {@code management.observations.etcd.enabled} decides when it is set; when it is not,
 * they are observed when the application traces (a Micrometer Tracing {@code Tracer} bean
 * exists): without a tracer an observation of every call only duplicates the request
 * timers, at about twice the client's CPU per call (see the README's metrics section).
 */
public final class EtcdObservations {

	/** The property that turns observations on or off. */
	public static final String ENABLED_PROPERTY = "management.observations.etcd.enabled";

	private static final String TRACER = "io.micrometer.tracing.Tracer";

	private EtcdObservations() {
	}

	/**
	 * Whether to observe etcd calls.
	 * @param environment the application's environment
	 * @param beans the bean factory, to look for a tracer
	 * @return whether observations are on
	 */
	public static boolean enabled(Environment environment, ListableBeanFactory beans) {
		Boolean configured = environment.getProperty(ENABLED_PROPERTY, Boolean.class);
		if (configured != null) {
			return configured;
		}
		ClassLoader classLoader = EtcdObservations.class.getClassLoader();
		if (!ClassUtils.isPresent(TRACER, classLoader)) {
			return false;
		}
		return beans.getBeanNamesForType(ClassUtils.resolveClassName(TRACER, classLoader), false, false).length > 0;
	}

}
