package dev.etcdspring.boot.docker.compose;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.docker.compose.core.ConnectionPorts;
import org.springframework.boot.docker.compose.core.RunningService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The mapping of a Compose service's metadata (what Docker Compose reports, not what etcd
 * would say) onto connection details. Running a Compose file needs Docker, which the
 * real-etcd tests of this module do not.
 */
class EtcdDockerComposeConnectionDetailsFactoryTests {

	private static RunningService service(Map<String, String> env) {
		RunningService service = mock(RunningService.class);
		ConnectionPorts ports = mock(ConnectionPorts.class);
		given(ports.get(2379)).willReturn(32791);
		given(service.host()).willReturn("127.0.0.1");
		given(service.ports()).willReturn(ports);
		given(service.env()).willReturn(env);
		given(service.labels()).willReturn(Map.of());
		return service;
	}

	@Test
	void endpointIsThePublishedClientPort() {
		var details = new EtcdDockerComposeConnectionDetailsFactory.EtcdDockerComposeConnectionDetails(
				service(Map.of()));
		assertThat(details.getEndpoints()).containsExactly("http://127.0.0.1:32791");
		assertThat(details.getUsername()).isNull();
		assertThat(details.getPassword()).isNull();
		assertThat(details.getSslBundle()).isNull();
	}

	@Test
	void bitnamiRootPasswordBecomesTheCredentials() {
		var details = new EtcdDockerComposeConnectionDetailsFactory.EtcdDockerComposeConnectionDetails(
				service(Map.of("ETCD_ROOT_PASSWORD", "s3cret")));
		assertThat(details.getUsername()).isEqualTo("root");
		assertThat(details.getPassword()).isEqualTo("s3cret");
	}

}
