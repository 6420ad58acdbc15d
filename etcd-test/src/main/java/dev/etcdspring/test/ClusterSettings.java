package dev.etcdspring.test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What an {@link EtcdCluster.Builder} collects. Each cluster reads a copy of its own
 * ({@link #copy()}), so that a builder changed after {@code build()} leaves the clusters
 * it built alone. Not thread-safe, like the builder that writes it.
 */
final class ClusterSettings {

	int members = 1;

	@Nullable EtcdBinary binary;

	@Nullable Path baseDirectory;

	Duration heartbeatInterval = Duration.ofMillis(100);

	Duration electionTimeout = Duration.ofSeconds(1);

	Duration startTimeout = Duration.ofSeconds(60);

	String logLevel = "warn";

	final List<String> arguments = new ArrayList<>();

	@Nullable EtcdTls tls;

	boolean partitionable;

	/**
	 * A copy for one cluster.
	 * @return the copy
	 */
	ClusterSettings copy() {
		ClusterSettings copy = new ClusterSettings();
		copy.members = this.members;
		copy.binary = this.binary;
		copy.baseDirectory = this.baseDirectory;
		copy.heartbeatInterval = this.heartbeatInterval;
		copy.electionTimeout = this.electionTimeout;
		copy.startTimeout = this.startTimeout;
		copy.logLevel = this.logLevel;
		copy.arguments.addAll(this.arguments);
		copy.tls = this.tls;
		copy.partitionable = this.partitionable;
		return copy;
	}

}
