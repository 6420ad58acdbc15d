package dev.etcdspring.boot.testcontainers;

import java.util.List;

import dev.etcdspring.boot.autoconfigure.EtcdConnectionDetails;
import org.jspecify.annotations.Nullable;
import org.testcontainers.containers.Container;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

/**
 * {@link EtcdConnectionDetails} for an etcd container annotated with
 * {@code @ServiceConnection}: the container's client port 2379, mapped to the host.
 * Recognised images: the official ({@code gcr.io/etcd-development/etcd},
 * {@code quay.io/coreos/etcd}) and Bitnami's; others with
 * {@code @ServiceConnection(name = "etcd")}.
 */
class EtcdContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<Container<?>, EtcdConnectionDetails> {

	/** etcd's client port inside the container. */
	static final int CLIENT_PORT = 2379;

	EtcdContainerConnectionDetailsFactory() {
		super(List.of("etcd", "etcd-development/etcd", "coreos/etcd", "bitnami/etcd"));
	}

	@Override
	protected EtcdConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<Container<?>> source) {
		return new EtcdContainerConnectionDetails(source);
	}

	/** The client URL of a started container. */
	static String endpoint(Container<?> container, boolean tls) {
		return (tls ? "https" : "http") + "://" + container.getHost() + ":" + container.getMappedPort(CLIENT_PORT);
	}

	/** Bitnami's image enables auth with a root password from its environment. */
	static @Nullable String rootPassword(Container<?> container) {
		return container.getEnvMap().get("ETCD_ROOT_PASSWORD");
	}

	/** The container's endpoint, read once it has started. */
	static final class EtcdContainerConnectionDetails extends ContainerConnectionDetails<Container<?>>
			implements EtcdConnectionDetails {

		EtcdContainerConnectionDetails(ContainerConnectionSource<Container<?>> source) {
			super(source);
		}

		@Override
		public List<String> getEndpoints() {
			return List.of(endpoint(getContainer(), getSslBundle() != null));
		}

		@Override
		public @Nullable String getUsername() {
			return (rootPassword(getContainer()) != null) ? "root" : null;
		}

		@Override
		public @Nullable String getPassword() {
			return rootPassword(getContainer());
		}

		@Override
		public @Nullable SslBundle getSslBundle() {
			return super.getSslBundle();
		}

	}

}
