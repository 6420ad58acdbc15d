package dev.etcdspring.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where and how the benchmark ran, for the report.
 *
 * @param date when the run started, UTC
 * @param command the command line that started it
 * @param cores processors available to the JVM
 * @param cpuModel the CPU model, from {@code /proc/cpuinfo}
 * @param memory total memory, from {@code /proc/meminfo}
 * @param os operating system, version and architecture
 * @param jvm the JVM's name and version
 * @param etcdVersion the etcd server's version
 * @param repositoryHead the git commit checked out, or empty
 */
public record MachineInfo(Instant date, String command, int cores, String cpuModel, String memory, String os,
		String jvm, String etcdVersion, String repositoryHead) {

	/**
	 * Collects the information.
	 * @param etcdVersion the etcd version
	 * @param arguments the benchmark's arguments
	 * @return the information
	 */
	public static MachineInfo collect(String etcdVersion, List<String> arguments) {
		return new MachineInfo(Instant.now().truncatedTo(ChronoUnit.SECONDS), command(arguments),
				Runtime.getRuntime().availableProcessors(), procField("/proc/cpuinfo", "model name").orElse("unknown"),
				procField("/proc/meminfo", "MemTotal").map(MachineInfo::gibibytes).orElse("unknown"),
				System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
						+ System.getProperty("os.arch"),
				System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), etcdVersion,
				run("git", "rev-parse", "--short", "HEAD"));
	}

	/** The Maven command when run through the wrapper (which exports its arguments), else the JVM's. */
	private static String command(List<String> arguments) {
		String maven = System.getenv("MAVEN_CMD_LINE_ARGS");
		if (maven != null && !maven.isBlank()) {
			return "./mvnw " + maven.trim();
		}
		return "java " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()) + " "
				+ BenchmarkMain.class.getName() + " " + String.join(" ", arguments);
	}

	private static Optional<String> procField(String file, String name) {
		try {
			return Files.readAllLines(Path.of(file))
				.stream()
				.filter((line) -> line.startsWith(name))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private static String gibibytes(String memTotal) {
		long kib = Long.parseLong(memTotal.replace("kB", "").trim());
		return String.format("%.1f GiB", kib / 1024.0 / 1024.0);
	}

	/**
	 * Runs a short command and returns its first output line.
	 * @param command the command
	 * @return the line, or empty if the command failed
	 */
	static String run(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
				return "";
			}
			return output.lines().findFirst().orElse("");
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

}
