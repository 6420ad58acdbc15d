package dev.etcdspring.benchmarks.workloads;

import java.io.Serializable;
import java.util.List;

/**
 * One start-up JVM's figures: a Spring Boot application started twice in a fresh JVM.
 * Travels from that JVM to the coordinator by Java serialization rather than JSON: the
 * start-up JVMs run without Jackson on their class path, so that our auto-configuration
 * takes the same path as in an application without Jackson.
 *
 * @param mode {@code without} (a Spring Boot context without our auto-configuration) or
 * {@code with} (the same context with it)
 * @param coldNanos the first start in the fresh JVM: {@code SpringApplication.run} until
 * it returned
 * @param warmNanos the same again in the same JVM, after closing the first
 * @param coldClientBeanNanos with our auto-configuration, the time Spring spent
 * instantiating the {@code etcdClient} bean in the first start (its customizers,
 * properties and the connect); 0 without
 * @param warmClientBeanNanos the same in the second start
 * @param firstBuildNanos without our auto-configuration, after both starts: our client's
 * builder alone ({@code EtcdClient.builder().endpoints(…).build()}, which connects) the
 * first time in the JVM, so loading gRPC and Netty; 0 with
 * @param secondBuildNanos the builder again: the connect itself
 * @param uptimeMillis from the JVM's start until the first start was done
 * @param error what went wrong, or empty
 */
public record StartupResult(String mode, long coldNanos, long warmNanos, long coldClientBeanNanos,
		long warmClientBeanNanos, long firstBuildNanos, long secondBuildNanos, long uptimeMillis,
		String error) implements Serializable {

	/** The modes, in the order of the first round. */
	public static final List<String> MODES = List.of("without", "with");

	/**
	 * A JVM that produced no figures.
	 * @param mode the mode
	 * @param error what went wrong
	 * @return the result
	 */
	public static StartupResult failed(String mode, String error) {
		return new StartupResult(mode, 0, 0, 0, 0, 0, 0, 0, error);
	}

}
