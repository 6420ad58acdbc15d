package dev.etcdspring.sample;

import java.time.Duration;

import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	@DynamicPropertySource
	static void etcdProperties(DynamicPropertyRegistry registry) {
		registry.add("etcd.endpoints", () -> etcd.cluster().clientEndpoint());
	}

	@LocalServerPort
	int port;

	@Test
	void storesReadsAndDeletesConfigurationThroughEtcd() {
		RestClient http = RestClient.create("http://127.0.0.1:" + this.port);
		http.put().uri("/config/mode").body("blue").retrieve().toBodilessEntity();
		assertThat(http.get().uri("/config/mode").retrieve().body(String.class)).isEqualTo("blue");
		assertThat(http.get().uri("/config").retrieve().body(String.class)).contains("\"config/mode\":\"blue\"");
		http.delete().uri("/config/mode").retrieve().toBodilessEntity();
		HttpStatusCode status = http.get().uri("/config/mode").exchange((request, response) -> response.getStatusCode());
		assertThat(status.value()).isEqualTo(404);
	}

	@Test
	void theLocalViewFollowsEtcd() {
		RestClient http = RestClient.create("http://127.0.0.1:" + this.port);
		http.put().uri("/config/colour").body("green").retrieve().toBodilessEntity();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> http.get().uri("/view").retrieve().body(String.class).contains("\"config/colour\":\"green\""));
		http.delete().uri("/config/colour").retrieve().toBodilessEntity();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !http.get().uri("/view").retrieve().body(String.class).contains("config/colour"));
	}

	@Test
	void healthShowsEtcd() {
		String health = RestClient.create("http://127.0.0.1:" + this.port)
			.get()
			.uri("/actuator/health")
			.retrieve()
			.body(String.class);
		assertThat(health).contains("\"etcd\"").contains("\"status\":\"UP\"").contains("\"leader\"");
	}


}
