package dev.etcdspring.test;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Docker fallback. Runs only where a Docker engine is available; the process-based
 * harness ({@link EtcdClusterTests}) is the main test of this module.
 */
@Testcontainers(disabledWithoutDocker = true)
class EtcdContainerTests {

	@Test
	void containerServesHealthyEtcdOnAMappedPort() {
		try (EtcdContainer container = EtcdContainer.start()) {
			assertThat(container.clientEndpoint()).startsWith("http://");
			assertThat(EtcdContainer.isSupported()).isTrue();
		}
	}

}
