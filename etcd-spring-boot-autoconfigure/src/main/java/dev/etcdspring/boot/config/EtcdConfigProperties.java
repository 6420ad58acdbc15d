package dev.etcdspring.boot.config;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of {@code spring.config.import=etcd:}. Read once, when the
 * import is resolved at start-up.
 */
@ConfigurationProperties("etcd.config")
public class EtcdConfigProperties {

	/**
	 * Application name whose folders are read under each prefix, when it is not
	 * spring.application.name.
	 */
	private @Nullable String name;

	private final Watch watch = new Watch();

	public @Nullable String getName() {
		return this.name;
	}

	public void setName(@Nullable String name) {
		this.name = name;
	}

	public Watch getWatch() {
		return this.watch;
	}

	/**
	 * Live refresh.
	 */
	public static class Watch {

		/**
		 * Whether to watch the imported prefixes and refresh the application when their
		 * keys change.
		 */
		private boolean enabled = true;

		/**
		 * Quiet period before a refresh: changes closer together than this cause one
		 * refresh (at most ten periods after the first of them).
		 */
		private Duration delay = Duration.ofMillis(100);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getDelay() {
			return this.delay;
		}

		public void setDelay(Duration delay) {
			this.delay = delay;
		}

	}

}
