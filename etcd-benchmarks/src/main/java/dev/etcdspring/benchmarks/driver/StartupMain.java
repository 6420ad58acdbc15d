package dev.etcdspring.benchmarks.driver;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.etcdspring.benchmarks.workloads.StartupResult;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.core.EtcdTemplate;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.metrics.StartupStep;

/**
 * A fresh JVM that times one kind of start-up twice (cold, then warm) and prints
 * {@code @@startup <result>} on standard output ({@link #encode}). Forked by
 * {@link StartupBenchmark}, on a class path without Jackson; not meant to be run by hand.
 *
 * <p>
 * Modes: {@code with} and {@code without} start a minimal non-web Spring Boot application
 * ({@link StartupApplication}: auto-configuration only, no component scan) with and
 * without our auto-configuration ({@code spring.autoconfigure.exclude}). After its two
 * starts, a {@code without} JVM also builds our client alone twice, as the
 * auto-configuration would: the first build loads gRPC and Netty in a JVM where Spring is
 * loaded already, as in a context with our auto-configuration; the second is the connect
 * itself.
 */
public final class StartupMain {

	/** Our auto-configurations, as {@code spring.autoconfigure.exclude} names them. */
	static final List<String> OUR_AUTO_CONFIGURATIONS = List.of(
			"dev.etcdspring.boot.autoconfigure.EtcdAutoConfiguration",
			"dev.etcdspring.boot.autoconfigure.health.EtcdHealthContributorAutoConfiguration");

	/** Spring's start-up step for a bean's instantiation, tagged with the bean's name. */
	private static final String INSTANTIATE = "spring.beans.instantiate";

	private StartupMain() {
	}

	/**
	 * Runs one start-up measurement.
	 * @param args {@code --mode=with|without --endpoint=<client URL>}
	 */
	public static void main(String[] args) {
		PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
		System.setOut(System.err);
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			options.put(arg.substring(2, equals), arg.substring(equals + 1));
		}
		String mode = options.getOrDefault("mode", "");
		String endpoint = options.getOrDefault("endpoint", "");
		StartupResult result;
		try {
			long[] cold = start(mode, endpoint);
			long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
			long[] warm = start(mode, endpoint);
			long firstBuild = 0;
			long secondBuild = 0;
			if (mode.equals("without")) {
				firstBuild = build(endpoint);
				secondBuild = build(endpoint);
			}
			result = new StartupResult(mode, cold[0], warm[0], cold[1], warm[1], firstBuild, secondBuild, uptime, "");
		}
		catch (RuntimeException ex) {
			ex.printStackTrace();
			result = StartupResult.failed(mode, String.valueOf(ex));
		}
		protocol.print(Protocol.PREFIX + "startup " + encode(result) + "\n");
		protocol.flush();
		// library threads (gRPC's, Spring's) must not keep the JVM alive
		System.exit(0);
	}

	/**
	 * Writes a result for the coordinator: Java serialization in Base64, as Jackson,
	 * which the other JVMs' results travel with, is not on this JVM's class path.
	 * @param result the result
	 * @return one line
	 */
	static String encode(StartupResult result) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(result);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return Base64.getEncoder().encodeToString(bytes.toByteArray());
	}

	/**
	 * Reads what {@link #encode} wrote, accepting nothing but a {@link StartupResult}.
	 * @param line the line
	 * @return the result
	 * @throws IllegalArgumentException if the line does not hold a result
	 */
	static StartupResult decode(String line) {
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(line)))) {
			in.setObjectInputFilter(ObjectInputFilter.Config
				.createFilter(StartupResult.class.getName() + ";java.lang.String;maxdepth=2;!*"));
			return (StartupResult) in.readObject();
		}
		catch (IOException | ClassNotFoundException | RuntimeException ex) {
			throw new IllegalArgumentException("Bad start-up result: " + line, ex);
		}
	}

	/**
	 * One start, closed again afterwards.
	 * @return how long the start took, and how long of it Spring spent instantiating the
	 * {@code etcdClient} bean (0 without it), in nanoseconds
	 */
	private static long[] start(String mode, String endpoint) {
		boolean with = switch (mode) {
			case "with" -> true;
			case "without" -> false;
			default -> throw new IllegalArgumentException("Unknown start-up mode '" + mode + "'");
		};
		List<String> properties = new ArrayList<>(List.of("etcd.endpoints=" + endpoint, "logging.level.root=warn",
				"spring.main.register-shutdown-hook=false"));
		if (!with) {
			properties.add("spring.autoconfigure.exclude=" + String.join(",", OUR_AUTO_CONFIGURATIONS));
		}
		// bean instantiations only (in both modes, so that both pay the same for the
		// recording)
		BufferingApplicationStartup steps = new BufferingApplicationStartup(4096);
		steps.addFilter((step) -> step.getName().equals(INSTANTIATE));
		long start = System.nanoTime();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(StartupApplication.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.applicationStartup(steps)
			.properties(properties.toArray(String[]::new))
			.run();
		long elapsed = System.nanoTime() - start;
		try {
			int clients = context.getBeanNamesForType(EtcdClient.class).length;
			int templates = context.getBeanNamesForType(EtcdTemplate.class).length;
			if (clients != (with ? 1 : 0) || templates != (with ? 1 : 0)) {
				throw new IllegalStateException("Expected " + (with ? "one" : "no")
						+ " EtcdClient and EtcdTemplate, found " + clients + " and " + templates);
			}
		}
		finally {
			context.close();
		}
		return new long[] { elapsed, clientBeanNanos(steps) };
	}

	/**
	 * Builds our client (which connects) and closes it again; returns how long the build
	 * took.
	 */
	private static long build(String endpoint) {
		long start = System.nanoTime();
		EtcdClient client = EtcdClient.builder().endpoints(List.of(endpoint)).build();
		long elapsed = System.nanoTime() - start;
		client.close();
		return elapsed;
	}

	/**
	 * The duration of the {@code etcdClient} bean's instantiation step, 0 if there was
	 * none.
	 */
	private static long clientBeanNanos(BufferingApplicationStartup steps) {
		for (StartupTimeline.TimelineEvent event : steps.getBufferedTimeline().getEvents()) {
			for (StartupStep.Tag tag : event.getStartupStep().getTags()) {
				if (tag.getKey().equals("beanName") && tag.getValue().equals("etcdClient")) {
					return event.getDuration().toNanos();
				}
			}
		}
		return 0;
	}

	/**
	 * The application started: auto-configuration only, no beans or component scan of its
	 * own.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	public static class StartupApplication {

	}

}
