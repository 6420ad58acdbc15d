package dev.etcdspring.sample;

import dev.etcdspring.test.EtcdCluster;

import org.springframework.boot.SpringApplication;


/**
 * Runs the sample against an etcd started here from the local etcd binary (it stops with the JVM):
 * {@code ./mvnw -pl etcd-spring-boot-sample -am spring-boot:test-run}.
 */
public final class TestSampleApplication {

	private TestSampleApplication() {
	}

	public static void main(String[] args) {
		EtcdCluster etcd = EtcdCluster.builder().start();
		Runtime.getRuntime().addShutdownHook(new Thread(etcd::close));
		String[] withEtcd = java.util.Arrays.copyOf(args, args.length + 1);
		withEtcd[args.length] = "--etcd.endpoints=" + etcd.clientEndpoint();
		SpringApplication.run(SampleApplication.class, withEtcd);
	}

}
