package dev.etcdspring.benchmarks.report;

import java.io.IOException;
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
 * @param workerJvmFlags the flags of every worker JVM
 * @param startupJvmFlags the flags of every start-up JVM
 */
public record MachineInfo(Instant date, String command, int cores, String cpuModel, String memory, String os,
		String jvm, String etcdVersion, String repositoryHead, List<String> workerJvmFlags,
		List<String> startupJvmFlags) {

	/**
	 * Collects the information.
	 * @param command the command line that started the run
	 * @param etcdVersion the etcd version
	 * @param workerJvmFlags the flags of every worker JVM
	 * @param startupJvmFlags the flags of every start-up JVM
	 * @return the information
	 */
	public static MachineInfo collect(String command, String etcdVersion, List<String> workerJvmFlags,
			List<String> startupJvmFlags) {
		return new MachineInfo(Instant.now().truncatedTo(ChronoUnit.SECONDS), command,
				Runtime.getRuntime().availableProcessors(), procField("/proc/cpuinfo", "model name").orElse("unknown"),
				procField("/proc/meminfo", "MemTotal").map(MachineInfo::gibibytes).orElse("unknown"),
				System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
						+ System.getProperty("os.arch"),
				System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), etcdVersion,
				run("git", "rev-parse", "--short", "HEAD"), workerJvmFlags, startupJvmFlags);
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
	 * The kernel's {@code CLK_TCK}, the unit of the CPU times in {@code /proc}.
	 * @return ticks per second
	 */
	public static long clockTicksPerSecond() {
		String ticks = run("getconf", "CLK_TCK");
		return ticks.isEmpty() ? 100 : Long.parseLong(ticks);
	}

	/** Runs a short command and returns its first output line, or empty if it failed. */
	private static String run(String... command) {
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
