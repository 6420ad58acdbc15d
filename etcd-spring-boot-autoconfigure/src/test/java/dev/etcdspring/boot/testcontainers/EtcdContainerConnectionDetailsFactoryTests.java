package dev.etcdspring.boot.testcontainers;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container;

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
		assertThat(EtcdContainerConnectionDetailsFactory.endpoint(container, false))
			.isEqualTo("http://localhost:49153");
		assertThat(EtcdContainerConnectionDetailsFactory.endpoint(container, true))
			.isEqualTo("https://localhost:49153");
		assertThat(EtcdContainerConnectionDetailsFactory.rootPassword(container)).isEqualTo("pw");
	}

}
