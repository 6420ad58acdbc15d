package dev.etcdspring.boot.autoconfigure.coordination;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for locks, leader election and the metadata store over etcd.
 */
@ConfigurationProperties("etcd")
public class EtcdCoordinationProperties {

	private final Lock lock = new Lock();

	private final Leader leader = new Leader();

	private final MetadataStore metadataStore = new MetadataStore();

	public Lock getLock() {
		return this.lock;
	}

	public Leader getLeader() {
		return this.leader;
	}

	public MetadataStore getMetadataStore() {
		return this.metadataStore;
	}

	/**
	 * The lock registry.
	 */
	public static class Lock {

		/**
		 * Key prefix of the lock registry's locks.
		 */
		private String prefix = "locks/";

		/**
		 * TTL of the lock registry's etcd session: how long the locks of a process that
		 * died stay held.
		 */
		private Duration sessionTtl = Duration.ofSeconds(10);

		public String getPrefix() {
			return this.prefix;
		}

		public void setPrefix(String prefix) {
			this.prefix = prefix;
		}

		public Duration getSessionTtl() {
			return this.sessionTtl;
		}

		public void setSessionTtl(Duration sessionTtl) {
			this.sessionTtl = sessionTtl;
		}

	}

	/**
	 * The leader initiator.
	 */
	public static class Leader {

		/**
		 * Whether to campaign for leadership of the role when the application starts.
		 */
		private boolean enabled;

		/**
		 * Role to lead: the name of the election, and the role of Spring Integration's
		 * leader events.
		 */
		private String role = "leader";

		/**
		 * Key prefix of elections.
		 */
		private String prefix = "elections/";

		/**
		 * Id this instance announces while it leads. A random UUID when not set.
		 */
		private @Nullable String candidateId;

		/**
		 * TTL of the leader initiator's etcd session: how long a leader whose process
		 * died stays leader.
		 */
		private Duration sessionTtl = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getRole() {
			return this.role;
		}

		public void setRole(String role) {
			this.role = role;
		}

		public String getPrefix() {
			return this.prefix;
		}

		public void setPrefix(String prefix) {
			this.prefix = prefix;
		}

		public @Nullable String getCandidateId() {
			return this.candidateId;
		}

		public void setCandidateId(@Nullable String candidateId) {
			this.candidateId = candidateId;
		}

		public Duration getSessionTtl() {
			return this.sessionTtl;
		}

		public void setSessionTtl(Duration sessionTtl) {
			this.sessionTtl = sessionTtl;
		}

	}

	/**
	 * The metadata store.
	 */
	public static class MetadataStore {

		/**
		 * Key prefix of the metadata store's entries.
		 */
		private String prefix = "metadata/";

		public String getPrefix() {
			return this.prefix;
		}

		public void setPrefix(String prefix) {
			this.prefix = prefix;
		}

	}

}
