package dev.etcdspring.sample;

import java.time.Duration;
import java.util.Map;

import dev.etcdspring.core.EtcdTemplate;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdMember;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample end to end, as a user runs it: a real etcd member, the application on a
 * random port, every feature through HTTP. The member is this class's own, so that the
 * last test can stop and restart it. The endpoint is a system property because
 * {@code spring.config.import=etcd:} reads it before the test context's dynamic
 * properties exist.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.report.interval=200ms", "sample.report.initial-delay=0s" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SampleApplicationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	static EtcdCluster etcd;

	@LocalServerPort
	int port;

	@Autowired
	EtcdTemplate template;

	@BeforeAll
	static void startEtcd() {
		etcd = EtcdCluster.builder().start();
		System.setProperty("etcd.endpoints", etcd.clientEndpoint());
	}

	@AfterAll
	static void stopEtcd() {
		System.clearProperty("etcd.endpoints");
		etcd.close();
	}

	private RestClient http() {
		return RestClient.create("http://127.0.0.1:" + this.port);
	}

	@Test
	void setsReadsListsAndDeletesFlags() {
		RestClient http = http();
		Map<String, Object> written = http.put()
			.uri("/flags/search")
			.contentType(MediaType.APPLICATION_JSON)
			.body(new Flag(true, "new search page"))
			.retrieve()
			.body(JSON);
		assertThat(written).containsEntry("name", "search").containsKey("revision");
		assertThat(http.get().uri("/flags/search").retrieve().body(Flag.class))
			.isEqualTo(new Flag(true, "new search page"));
		assertThat(http.get().uri("/flags").retrieve().body(String.class))
			.contains("\"search\":{\"enabled\":true,\"description\":\"new search page\"}");
		// stored as JSON, relative to the namespace
		assertThat(this.template.get("flags/search", String.class))
			.hasValueSatisfying((json) -> assertThat(json).contains("\"enabled\":true"));
		assertThat(http.delete().uri("/flags/search").retrieve().toBodilessEntity().getStatusCode().value())
			.isEqualTo(204);
		assertThat(status(http, "/flags/search")).isEqualTo(404);
		int second = http.delete()
			.uri("/flags/search")
			.exchange((request, response) -> response.getStatusCode().value());
		assertThat(second).isEqualTo(404);
	}

	@Test
	void aFlagWithATimeToLiveDisappears() {
		RestClient http = http();
		http.put()
			.uri("/flags/banner?ttl=2s")
			.contentType(MediaType.APPLICATION_JSON)
			.body(new Flag(true, null))
			.retrieve()
			.toBodilessEntity();
		assertThat(status(http, "/flags/banner")).isEqualTo(200);
		await().atMost(WAIT).until(() -> status(http, "/flags/banner") == 404);
	}

	@Test
	void theWatchFedViewFollowsEtcd() {
		RestClient http = http();
		// written past the application, straight into etcd: the view learns it from the
		// watch
		this.template.put("flags/colour", new Flag(false, "green buttons"));
		await().atMost(WAIT)
			.until(() -> http.get().uri("/view/flags").retrieve().body(String.class),
					(view) -> view.contains("\"colour\":{\"enabled\":false,\"description\":\"green buttons\"}"));
		this.template.delete("flags/colour");
		await().atMost(WAIT)
			.until(() -> http.get().uri("/view/flags").retrieve().body(String.class),
					(view) -> !view.contains("colour"));
	}

	@Test
	void theGreetingChangesLiveWhenEtcdChanges() {
		RestClient http = http();
		assertThat(http.get().uri("/greeting").retrieve().body(String.class)).isEqualTo("Hello from application.yml");
		this.template.put("settings/sample/greeting.message", "Hello from etcd");
		await().atMost(WAIT)
			.until(() -> http.get().uri("/greeting").retrieve().body(String.class), "Hello from etcd"::equals);
		this.template.delete("settings/sample/greeting.message");
		await().atMost(WAIT)
			.until(() -> http.get().uri("/greeting").retrieve().body(String.class),
					"Hello from application.yml"::equals);
	}

	@Test
	void theLockGuardedJobWritesTheReport() {
		this.template.put("flags/report-a", new Flag(true, null));
		this.template.put("flags/report-b", new Flag(false, null));
		await().atMost(WAIT)
			.until(() -> this.template.get(FlagReport.KEY, FlagReport.Summary.class),
					(summary) -> summary.isPresent() && summary.get().enabled() >= 1 && summary.get().disabled() >= 1);
		this.template.delete("flags/report-a");
		this.template.delete("flags/report-b");
	}

	@Test
	void thisInstanceIsElectedLeader() {
		RestClient http = http();
		await().atMost(WAIT)
			.until(() -> http.get().uri("/leader").retrieve().body(JSON),
					(leader) -> Boolean.TRUE.equals(leader.get("active"))
							&& leader.get("leader").equals(leader.get("self")));
	}

	@Test
	void metricsAndPrometheusShowEtcd() {
		RestClient http = http();
		http.get().uri("/flags").retrieve().toBodilessEntity();
		assertThat(http.get().uri("/actuator/metrics").retrieve().body(String.class)).contains("etcd.client.requests");
		assertThat(http.get().uri("/actuator/prometheus").retrieve().body(String.class))
			.contains("etcd_client_requests_seconds_count")
			.contains("etcd_client_watches_active");
	}

	@Test
	@Order(Integer.MAX_VALUE)
	void healthIsDownWhileEtcdIsStoppedAndUpAgainAfter() {
		RestClient http = http();
		assertThat(health(http)).contains("\"etcd\"").contains("\"status\":\"UP\"");
		EtcdMember member = etcd.member(0);
		member.stop();
		try {
			await().atMost(WAIT).until(() -> status(http, "/actuator/health") == 503);
			assertThat(health(http)).contains("\"status\":\"DOWN\"");
		}
		finally {
			member.start();
		}
		await().atMost(WAIT).until(() -> status(http, "/actuator/health") == 200);
		assertThat(health(http)).contains("\"status\":\"UP\"");
	}

	private static String health(RestClient http) {
		return http.get()
			.uri("/actuator/health")
			.exchange((request, response) -> new String(response.getBody().readAllBytes()));
	}

	private static int status(RestClient http, String uri) {
		return http.get().uri(uri).exchange((request, response) -> response.getStatusCode().value());
	}

}
