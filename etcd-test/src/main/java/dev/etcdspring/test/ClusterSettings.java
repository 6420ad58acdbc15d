package dev.etcdspring.test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What an {@link EtcdCluster.Builder} collects, read by the clusters it builds. Not
 * thread-safe, like the builder that writes it.
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

}
