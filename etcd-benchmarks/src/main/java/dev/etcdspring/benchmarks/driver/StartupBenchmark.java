package dev.etcdspring.benchmarks.driver;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.etcdspring.benchmarks.report.Format;
import dev.etcdspring.benchmarks.workloads.StartupResult;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Spring Boot start-up part, from the coordinator: forks {@link StartupMain} JVMs one
 * after the other, in rounds of every mode (their order rotating from round to round),
 * and collects their results. A JVM that fails or takes longer than
 * {@link #TIMEOUT_SECONDS} seconds counts as a failed run.
 */
final class StartupBenchmark {

	/**
	 * Flags of every start-up JVM: a small fixed heap, no pre-touch (it would only delay
	 * the JVM's start).
	 */
	static final List<String> JVM_FLAGS = List.of("-Xms256m", "-Xmx256m", "-XX:+UseG1GC");

	private static final long TIMEOUT_SECONDS = 120;

	private StartupBenchmark() {
	}

	/**
	 * Runs the start-up JVMs.
	 * @param endpoint the etcd client URL
	 * @param runs the JVMs to start per mode
	 * @param classpath their class path
	 * @return one result per JVM, in run order
	 * @throws IOException if a JVM cannot be started
	 * @throws InterruptedException if interrupted while waiting
	 */
	static List<StartupResult> run(String endpoint, int runs, String classpath)
			throws IOException, InterruptedException {
		List<StartupResult> results = new ArrayList<>();
		int total = runs * StartupResult.MODES.size();
		for (int run = 0; run < runs; run++) {
			for (int i = 0; i < StartupResult.MODES.size(); i++) {
				String mode = StartupResult.MODES.get((run + i) % StartupResult.MODES.size());
				StartupResult result = fork(mode, endpoint, classpath);
				results.add(result);
				String bean = mode.equals("with") ? String.format(Locale.ROOT, " (etcdClient bean %s ms)",
						Format.millis(result.coldClientBeanNanos() / 1e6)) : "";
				String warmBean = mode.equals("with")
						? String.format(Locale.ROOT, " (bean %s ms)", Format.millis(result.warmClientBeanNanos() / 1e6))
						: String.format(Locale.ROOT, "; EtcdClient build %s ms, again %s ms",
								Format.millis(result.firstBuildNanos() / 1e6),
								Format.millis(result.secondBuildNanos() / 1e6));
				BenchmarkMain.log(String.format(Locale.ROOT,
						"[%d/%d] start-up %s: cold %s ms%s, warm %s ms%s, " + "JVM ready after %d ms%s", results.size(),
						total, mode, Format.millis(result.coldNanos() / 1e6), bean,
						Format.millis(result.warmNanos() / 1e6), warmBean, result.uptimeMillis(),
						result.error().isEmpty() ? "" : ", failed: " + result.error()));
			}
		}
		return results;
	}

	/**
	 * The class path less the jars of Jackson 3, which only the benchmark uses (for its
	 * results): with Jackson present, our auto-configuration would make its JSON value
	 * converter and a {@code JsonMapper}, and the part would time Jackson's start-up as
	 * well as ours.
	 */
	private static String withoutJackson(String classpath) {
		Set<Path> jackson = Stream.of(JsonMapper.class, JsonParser.class, JsonInclude.class)
			.map(StartupBenchmark::jarOf)
			.collect(Collectors.toSet());
		return Arrays.stream(classpath.split(File.pathSeparator))
			.filter((entry) -> !jackson.contains(Path.of(entry).toAbsolutePath().normalize()))
			.collect(Collectors.joining(File.pathSeparator));
	}

	private static Path jarOf(Class<?> type) {
		try {
			Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
			return location.toAbsolutePath().normalize();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException("Cannot tell where " + type.getName() + " was loaded from", ex);
		}
	}

	private static StartupResult fork(String mode, String endpoint, String classpath)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(JVM_FLAGS);
		command.add("-cp");
		command.add(withoutJackson(classpath));
		command.add(StartupMain.class.getName());
		command.add("--mode=" + mode);
		command.add("--endpoint=" + endpoint);
		Path output = Files.createTempFile("etcd-bench-startup-", ".out");
		try {
			Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
				.redirectError(ProcessBuilder.Redirect.INHERIT)
				.start();
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				process.waitFor(10, TimeUnit.SECONDS);
				return StartupResult.failed(mode, "did not finish within " + TIMEOUT_SECONDS + " s");
			}
			String marker = Protocol.PREFIX + "startup ";
			for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
				int at = line.indexOf(marker);
				if (at >= 0) {
					return StartupMain.decode(line.substring(at + marker.length()));
				}
			}
			return StartupResult.failed(mode, "exited with " + process.exitValue() + " without a result");
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

}
