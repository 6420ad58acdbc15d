package dev.etcdspring.sample;

import java.util.Arrays;

import dev.etcdspring.test.EtcdCluster;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the sample against an etcd member that it starts from the local etcd binary
 * ({@code ETCD_BINARY}, or {@code etcd} on the path), in a temporary directory on a free
 * loopback port; when the application stops (Ctrl-C), the application closes first, then
 * etcd, and its data is deleted. Started by
 * {@code ./mvnw -B -pl etcd-spring-boot-sample -am -DskipTests -Prun-sample verify}.
 */
public final class TestSampleApplication {

	private TestSampleApplication() {
	}

	public static void main(String[] args) {
		EtcdCluster etcd = EtcdCluster.builder().start();
		String[] withEtcd = Arrays.copyOf(args, args.length + 1);
		withEtcd[args.length] = "--etcd.endpoints=" + etcd.clientEndpoint();
		SpringApplication application = new SpringApplication(SampleApplication.class);
		// one shutdown hook, so that etcd outlives the application's clients
		application.setRegisterShutdownHook(false);
		ConfigurableApplicationContext context;
		try {
			context = application.run(withEtcd);
		}
		catch (RuntimeException ex) {
			etcd.close();
			throw ex;
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				context.close();
			}
			finally {
				etcd.close();
			}
		}, "sample-shutdown"));
	}

}
