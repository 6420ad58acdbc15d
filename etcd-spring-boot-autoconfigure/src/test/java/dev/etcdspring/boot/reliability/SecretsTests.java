package dev.etcdspring.boot.reliability;

import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import dev.etcdspring.boot.autoconfigure.EtcdConnectionDetails;
import dev.etcdspring.boot.autoconfigure.EtcdProperties;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.core.EtcdTemplate;
import dev.etcdspring.test.EtcdCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The password and the auth token never show: a real web application with actuator, auth
 * enabled on a real etcd, every logger at TRACE (gRPC's included); the captured output,
 * exception messages, {@code toString()}s, {@code /actuator/env},
 * {@code /actuator/configprops} and {@code /actuator/health} are searched for the
 * password (as text, hex and Base64) and for the token the client holds (and anything
 * shaped like an etcd simple token).
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsTests {

	private static final String PASSWORD = "pw-Zq7XkV3mR9tL";

	/** etcd's simple tokens: 16 letters, a dot, a number. */
	private static final Pattern SIMPLE_TOKEN = Pattern.compile("\\b[a-zA-Z]{16}\\.[0-9]+\\b");

	static EtcdCluster etcd;

	@BeforeAll
	static void startWithAuth() {
		etcd = EtcdCluster.builder().start();
		try (EtcdClient admin = EtcdClient.builder().endpoints(etcd.clientEndpoints()).build()) {
			admin.auth().addUser("root", PASSWORD + "-root").join();
			admin.auth().grantRole("root", "root").join();
			admin.auth().addUser("app", PASSWORD).join();
			admin.auth().grantRole("app", "root").join();
			admin.auth().enable().join();
		}
	}

	@AfterAll
	static void stop() {
		etcd.close();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

	private static ConfigurableApplicationContext run(String user, String password) {
		SpringApplication application = new SpringApplication(App.class);
		application.setDefaultProperties(java.util.Map.of());
		return application.run("--server.port=0", "--server.address=127.0.0.1", "--spring.docker.compose.enabled=false",
				"--etcd.endpoints=" + etcd.clientEndpoint(), "--etcd.username=" + user, "--etcd.password=" + password,
				"--logging.level.root=TRACE", "--logging.level.io.grpc=TRACE", "--logging.level.dev.etcdspring=TRACE",
				"--management.endpoints.web.exposure.include=env,configprops,health",
				"--management.endpoint.health.show-details=always",
				"--management.endpoint.health.show-components=always");
	}

	@Test
	void neitherPasswordNorTokenAppearAnywhere(CapturedOutput output) throws Exception {
		List<String> searched = new ArrayList<>();
		String token;
		try (ConfigurableApplicationContext context = run("app", PASSWORD)) {
			EtcdTemplate template = context.getBean(EtcdTemplate.class);
			template.put("secrets/k", "v");
			assertThat(template.get("secrets/k")).hasValue("v");
			EtcdClient client = context.getBean(EtcdClient.class);
			token = currentToken(client);
			assertThat(token).as("the client holds a token (auth is on)").isNotBlank();
			client.watch().watch("secrets/k", (response) -> {
			}).created().join();

			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpClient http = HttpClient.newHttpClient();
			for (String endpoint : List.of("env", "configprops", "health")) {
				HttpResponse<String> response = http
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/" + endpoint))
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).as("/actuator/" + endpoint).isEqualTo(200);
				searched.add("/actuator/" + endpoint + ": " + response.body());
			}
			assertThat(searched.get(2)).as("health shows etcd").contains("etcd");
			searched.add("EtcdProperties: " + context.getBean(EtcdProperties.class));
			searched.add("EtcdConnectionDetails: " + context.getBean(EtcdConnectionDetails.class));
			searched.add("EtcdClient: " + client);
			searched.add("EtcdTemplate: " + template);
		}
		// a wrong password: the start-up failure and its causes
		Throwable failed = catchThrowable(() -> run("app", PASSWORD + "-wrong").close());
		assertThat(failed).as("a wrong password fails the start").isNotNull();
		for (Throwable t = failed; t != null; t = t.getCause()) {
			searched.add("exception: " + t);
		}
		searched.add("captured output: " + output.getAll());
		assertThat(output.getAll()).as("TRACE logging was on").contains("TRACE");

		List<String> secrets = List.of(PASSWORD, hex(PASSWORD), base64(PASSWORD), token);
		for (String text : searched) {
			for (String secret : secrets) {
				assertThat(text.contains(secret)).as("'" + secret + "' found in " + excerpt(text, secret)).isFalse();
			}
			assertThat(SIMPLE_TOKEN.matcher(text).find())
				.as("something shaped like a token in " + excerpt(text,
						SIMPLE_TOKEN.matcher(text).results().map((m) -> m.group()).findFirst().orElse("")))
				.isFalse();
		}
		Figures.record("SecretsTests", "characters of output, actuator responses and messages searched",
				Integer.toString(searched.stream().mapToInt(String::length).sum()));
	}

	private static String excerpt(String text, String secret) {
		int at = secret.isEmpty() ? -1 : text.indexOf(secret);
		if (at < 0) {
			return text.substring(0, Math.min(200, text.length()));
		}
		return "…" + text.substring(Math.max(0, at - 300), Math.min(text.length(), at + secret.length() + 100)) + "…";
	}

	private static String hex(String text) {
		return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
	}

	private static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The token the client sends now, read from its internals (the client never shows
	 * it).
	 */
	private static String currentToken(EtcdClient client) throws ReflectiveOperationException {
		Object connection = field(client, "connection");
		Object auth = field(connection, "auth");
		Object token = field(auth, "token");
		return (token != null) ? token.toString() : "";
	}

	private static Object field(Object owner, String name) throws ReflectiveOperationException {
		Field field = owner.getClass().getDeclaredField(name);
		field.setAccessible(true);
		return field.get(owner);
	}

}
