package dev.etcdspring.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.test.EtcdCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Runs the README's commands for the sample exactly as printed (with {@code bash} and
 * {@code curl}; only the port differs: the application listens on a random one here, not
 * 8080), and compares each output with the {@code # …} line printed under the command
 * ({@code …} stands for any text). Reads ({@code curl} without {@code -X}) are repeated
 * until they match, as a reader typing them would see after a moment: the watch-fed view
 * is eventually up to date.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadmeCommandsTests {

	private static final String START = "<!-- sample-commands -->";

	private static final String END = "<!-- /sample-commands -->";

	static EtcdCluster etcd;

	@LocalServerPort
	int port;

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

	@Test
	void theSampleCommandsOfTheReadmeWorkAsPrinted() throws Exception {
		List<Command> commands = commands();
		assertThat(commands).as("commands between %s and %s in the README", START, END).hasSizeGreaterThan(5);
		for (Command command : commands) {
			String line = command.line().replace("localhost:8080", "localhost:" + this.port);
			if (command.isRead()) {
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(100))
					.untilAsserted(() -> assertMatches(command, run(line)));
			}
			else {
				assertMatches(command, run(line));
			}
		}
	}

	private static void assertMatches(Command command, String output) {
		assertThat(matches(command.expected(), output))
			.as("README command%n  %s%nprinted%n  %s%nbut gave%n  %s", command.line(), command.expected(), output)
			.isTrue();
	}

	/** Whether the output is the expected text, each {@code …} standing for any text. */
	static boolean matches(String expected, String output) {
		String[] pieces = expected.split("…", -1);
		String actual = output.strip();
		if (!actual.startsWith(pieces[0])) {
			return false;
		}
		int at = pieces[0].length();
		for (int i = 1; i < pieces.length; i++) {
			int found = actual.indexOf(pieces[i], at);
			if (found < 0) {
				return false;
			}
			at = found + pieces[i].length();
		}
		return pieces.length > 1 || at == actual.length();
	}

	private static String run(String line) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("bash", "-c", line).redirectErrorStream(true).start();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			fail("README command did not finish in 30 s: " + line);
		}
		return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}

	private static List<Command> commands() throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		int start = readme.indexOf(START);
		int end = readme.indexOf(END);
		assertThat(start).as("the README marks the sample's commands with %s", START).isNotNegative();
		List<Command> commands = new ArrayList<>();
		String pending = null;
		for (String line : readme.substring(start, end).split("\n")) {
			if (line.startsWith("curl ")) {
				pending = line;
			}
			else if (line.startsWith("# ") && pending != null) {
				commands.add(new Command(pending, line.substring(2)));
				pending = null;
			}
		}
		return commands;
	}

	record Command(String line, String expected) {

		boolean isRead() {
			return !this.line.contains(" -X ");
		}

	}

}
