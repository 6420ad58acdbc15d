package dev.etcdspring.boot.config;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closes the client of the etcd configuration import when start-up fails before the
 * application context could take it over (another import failing after etcd's, say), so
 * that no thread of it is left running.
 */
final class EtcdConfigDataRunListener implements SpringApplicationRunListener {

	private @Nullable ConfigurableBootstrapContext bootstrapContext;

	@Override
	public void starting(ConfigurableBootstrapContext bootstrapContext) {
		this.bootstrapContext = bootstrapContext;
	}

	@Override
	public void failed(@Nullable ConfigurableApplicationContext context, Throwable exception) {
		ConfigurableBootstrapContext bootstrap = this.bootstrapContext;
		EtcdConfigImport configImport = (bootstrap != null) ? bootstrap.getOrElse(EtcdConfigImport.class, null) : null;
		if (configImport != null) {
			configImport.close();
		}
	}

}
