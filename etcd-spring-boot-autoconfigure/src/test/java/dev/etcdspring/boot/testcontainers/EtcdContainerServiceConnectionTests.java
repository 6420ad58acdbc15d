package dev.etcdspring.boot.testcontainers;

import dev.etcdspring.boot.autoconfigure.EtcdAutoConfiguration;
import dev.etcdspring.boot.autoconfigure.EtcdConnectionDetails;
import dev.etcdspring.core.EtcdTemplate;
import dev.etcdspring.test.EtcdContainer;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Testcontainers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end with a real etcd container and {@code @ServiceConnection}; skipped where no
 * Docker engine runs (the mapping itself is covered by
 * {@link EtcdContainerConnectionDetailsFactoryTests}).
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringJUnitConfig(EtcdContainerServiceConnectionTests.Config.class)
class EtcdContainerServiceConnectionTests {

	@Autowired
	EtcdConnectionDetails connectionDetails;

	@Autowired
	EtcdTemplate template;

	@Test
	void serviceConnectionPointsTheClientAtTheContainer() {
		assertThat(this.connectionDetails.getEndpoints()).singleElement().asString().startsWith("http://");
		this.template.put("container/k", "v");
		assertThat(this.template.get("container/k")).hasValue("v");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ ServiceConnectionAutoConfiguration.class, EtcdAutoConfiguration.class })
	static class Config {

		@Bean
		@ServiceConnection("etcd")
		GenericContainer<?> etcd() {
			return new GenericContainer<>(EtcdContainer.DEFAULT_IMAGE).withExposedPorts(2379)
				.withCommand("etcd", "--listen-client-urls", "http://0.0.0.0:2379", "--advertise-client-urls",
						"http://127.0.0.1:2379");
		}

	}

}
