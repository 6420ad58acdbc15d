package dev.etcdspring.test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ports handed out to one JVM are refused to the others while it runs, as surefire forks
 * side by side need.
 */
class LoopbackPortsTests {

	@Test
	void aPortThisJvmHandedOutIsRefusedToAnotherJvm() throws Exception {
		int port = LoopbackPorts.next();
		assertThat(probe(port)).isEqualTo("refused");
	}

	@Test
	void aPortNoJvmHoldsIsClaimedByAnotherJvm() throws Exception {
		// a port of the range this JVM never handed out, found by the other JVM itself
		assertThat(probe(0)).isEqualTo("claimed");
	}

	/**
	 * Runs {@link LoopbackPortsProbe} in a new JVM on the test class path and returns
	 * what it printed.
	 */
	private static String probe(int port) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				LoopbackPortsProbe.class.getName(), Integer.toString(port))
			.redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the probe JVM ended").isTrue();
		return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
	}

}
