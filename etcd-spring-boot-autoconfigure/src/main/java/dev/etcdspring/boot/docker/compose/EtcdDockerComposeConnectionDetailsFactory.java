package dev.etcdspring.boot.docker.compose;

import java.util.List;

import dev.etcdspring.boot.autoconfigure.EtcdConnectionDetails;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionDetailsFactory;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionSource;
import org.springframework.boot.ssl.SslBundle;

/**
 * {@link EtcdConnectionDetails} for an etcd service of a Docker Compose file: the
 * service's client port 2379 as published on the host. Recognised images: the official
 * ({@code gcr.io/etcd-development/etcd}, {@code quay.io/coreos/etcd}) and Bitnami's
 * (whose {@code ETCD_ROOT_PASSWORD} becomes the root user's credentials).
 */
class EtcdDockerComposeConnectionDetailsFactory extends DockerComposeConnectionDetailsFactory<EtcdConnectionDetails> {

	/** etcd's client port inside the container. */
	static final int CLIENT_PORT = 2379;

	EtcdDockerComposeConnectionDetailsFactory() {
		super(new String[] { "etcd", "etcd-development/etcd", "coreos/etcd", "bitnami/etcd" });
	}

	@Override
	protected EtcdConnectionDetails getDockerComposeConnectionDetails(DockerComposeConnectionSource source) {
		return new EtcdDockerComposeConnectionDetails(source.getRunningService());
	}

	/** The endpoint and credentials of one running service. */
	static final class EtcdDockerComposeConnectionDetails extends DockerComposeConnectionDetails
			implements EtcdConnectionDetails {

		private final List<String> endpoints;

		private final @Nullable String password;

		private final @Nullable SslBundle sslBundle;

		EtcdDockerComposeConnectionDetails(RunningService service) {
			super(service);
			this.sslBundle = getSslBundle(service);
			String scheme = (this.sslBundle != null) ? "https" : "http";
			this.endpoints = List.of(scheme + "://" + service.host() + ":" + service.ports().get(CLIENT_PORT));
			this.password = service.env().get("ETCD_ROOT_PASSWORD");
		}

		@Override
		public List<String> getEndpoints() {
			return this.endpoints;
		}

		@Override
		public @Nullable String getUsername() {
			return (this.password != null) ? "root" : null;
		}

		@Override
		public @Nullable String getPassword() {
			return this.password;
		}

		@Override
		public @Nullable SslBundle getSslBundle() {
			return this.sslBundle;
		}

	}

}
