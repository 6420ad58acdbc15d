package dev.etcdspring.boot.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * Where and how to connect to etcd: endpoints, credentials and TLS. The auto-configured
 * client is built from these alone; by default they come from {@code etcd.*} properties,
 * and a service connection (Testcontainers, Docker Compose) may supply them instead.
 */
public interface EtcdConnectionDetails extends ConnectionDetails {

	/**
	 * Client URLs of the cluster's members.
	 * @return the endpoints, not empty
	 */
	List<String> getEndpoints();

	/**
	 * The user to authenticate as.
	 * @return the user name, or {@code null} without authentication
	 */
	default @Nullable String getUsername() {
		return null;
	}

	/**
	 * The user's password.
	 * @return the password, or {@code null}
	 */
	default @Nullable String getPassword() {
		return null;
	}

	/**
	 * TLS trust and client certificate.
	 * @return the bundle, or {@code null} for none (the JVM's default trust for https://
	 * endpoints)
	 */
	default @Nullable SslBundle getSslBundle() {
		return null;
	}

}
