package dev.etcdspring.boot.config;

import dev.etcdspring.boot.metrics.DeferredInstrumentation;
import dev.etcdspring.client.EtcdClient;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

/**
 * The client that imported configuration from etcd at start-up, handed to the application
 * context as the bean {@value #BEAN_NAME}, so that the application uses the same
 * connection: the auto-configured {@code EtcdClient} is this client. It was built from
 * the {@code etcd.*} properties (and an {@code EtcdClientBuilderCustomizer} registered in
 * the {@code BootstrapRegistry}, if any) before any bean existed, so customizer beans do
 * not apply to it. Closed, with the watches of the import, when the context closes.
 */
public final class EtcdConfigDataClient implements DisposableBean {

	/** The bean name. */
	public static final String BEAN_NAME = "etcdConfigDataClient";

	private final EtcdConfigImport configImport;

	private final EtcdClient client;

	EtcdConfigDataClient(EtcdConfigImport configImport) {
		this.configImport = configImport;
		EtcdClient connected = configImport.connectedClient();
		if (connected == null) {
			throw new IllegalStateException("The etcd configuration import has no client");
		}
		this.client = connected;
	}

	/**
	 * The client.
	 * @return the client
	 */
	public EtcdClient getClient() {
		return this.client;
	}

	/**
	 * The hooks the client was built with, for meters and observations decided once the
	 * application context exists.
	 * @return the hooks, or {@code null} when the client has none
	 */
	public @Nullable DeferredInstrumentation getInstrumentation() {
		return this.configImport.instrumentation();
	}

	@Override
	public void destroy() {
		this.configImport.close();
	}

}
