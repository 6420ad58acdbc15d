package dev.etcdspring.annotation;

import java.util.Map;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * The shared etcd, a client of it for the test's own writes, and a key prefix per test
 * method ({@code p}, also the property {@code test.prefix} of the contexts started here).
 */
abstract class WatchTestSupport {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	static EtcdClient client;

	String p;

	@BeforeAll
	static void connect() {
		client = EtcdClient.builder().endpoints(etcd.endpoints()).build();
	}

	@AfterAll
	static void disconnect() {
		client.close();
	}

	@BeforeEach
	void prefix(TestInfo info) {
		this.p = WatchContexts.prefix(info.getTestMethod().orElseThrow().getName());
	}

	AnnotationConfigApplicationContext start(Class<?>... classes) {
		return WatchContexts.start(etcd.endpoints(), this.p, classes);
	}

	AnnotationConfigApplicationContext start(Map<String, Object> properties, Class<?>... classes) {
		return WatchContexts.start(etcd.endpoints(), this.p, properties, classes);
	}

	void put(String key, String value) {
		client.kv().put(this.p + key, value).join();
	}

}
