package dev.etcdspring.boot.testcontainers;

import java.util.Map;

import dev.etcdspring.boot.autoconfigure.EtcdAutoConfiguration;
import dev.etcdspring.boot.autoconfigure.EtcdConnectionDetails;
import dev.etcdspring.boot.template.EtcdTemplate;
import dev.etcdspring.test.EtcdContainer;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container;
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
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class EtcdContainerConnectionDetailsFactoryTests {

	@Test
	void endpointIsTheMappedClientPortAndBitnamisRootPasswordIsUsed() {
		Container<?> container = mock(Container.class);
		given(container.getHost()).willReturn("localhost");
		given(container.getMappedPort(2379)).willReturn(49153);
		given(container.getEnvMap()).willReturn(Map.of("ETCD_ROOT_PASSWORD", "pw"));
		assertThat(EtcdContainerConnectionDetailsFactory.endpoint(container, false)).isEqualTo("http://localhost:49153");
		assertThat(EtcdContainerConnectionDetailsFactory.endpoint(container, true)).isEqualTo("https://localhost:49153");
		assertThat(EtcdContainerConnectionDetailsFactory.rootPassword(container)).isEqualTo("pw");
	}

	/** End to end with a real container; where no Docker engine runs it is skipped. */
	@Testcontainers(disabledWithoutDocker = true)
	@SpringJUnitConfig(WithContainer.Config.class)
	static class WithContainer {

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

}
