package dev.etcdspring.coordination;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.core.EtcdTemplate;
import dev.etcdspring.core.convert.DefaultEtcdValueConverter;
import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link EtcdMetadataStore}: Spring Integration's metadata store contract, atomic across
 * instances of an application (application contexts with their own clients).
 */
class EtcdMetadataStoreTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	private final String prefix = Instances.prefix("metadata");

	private final Instances.Fleet fleet = new Instances.Fleet(etcd, this.prefix);

	@AfterEach
	void stop() throws InterruptedException {
		this.fleet.close();
	}

	static EtcdTemplate template(EtcdClient client) {
		return new EtcdTemplate(client, new DefaultEtcdValueConverter(new DefaultConversionService()));
	}

	@Configuration(proxyBeanMethods = false)
	static class StoreConfiguration {

		@Bean
		EtcdMetadataStore metadataStore(EtcdClient client, Environment environment) {
			return new EtcdMetadataStore(template(client), environment.getRequiredProperty("test.prefix") + "store/");
		}

	}

	private AnnotationConfigApplicationContext instance() {
		return this.fleet.start(Map.of(), StoreConfiguration.class);
	}

	private EtcdMetadataStore store() {
		return instance().getBean(EtcdMetadataStore.class);
	}

	@Test
	void theMetadataStoreContract() {
		EtcdMetadataStore store = store();
		assertThat(store.get("offset")).isNull();
		assertThat(store.putIfAbsent("offset", "1")).isNull();
		assertThat(store.putIfAbsent("offset", "2")).isEqualTo("1");
		assertThat(store.replace("offset", "2", "3")).isFalse();
		assertThat(store.replace("offset", "1", "3")).isTrue();
		assertThat(store.get("offset")).isEqualTo("3");
		store.put("offset", "héllo");
		assertThat(store.get("offset")).isEqualTo("héllo");
		assertThat(store.remove("offset")).isEqualTo("héllo");
		assertThat(store.remove("offset")).isNull();
		assertThat(store.replace("offset", "", "1")).as("no value to replace").isFalse();
		assertThat(store.get("offset")).isNull();
	}

	@Test
	void entriesLiveUnderThePrefixInsideTheClientsNamespace() {
		try (EtcdClient namespaced = EtcdClient.builder().endpoints(etcd.endpoints()).namespace(this.prefix).build();
				EtcdClient plain = EtcdClient.builder().endpoints(etcd.endpoints()).build()) {
			EtcdMetadataStore store = new EtcdMetadataStore(template(namespaced));
			store.put("file.txt", "42");
			assertThat(Instances.keys(plain, this.prefix)).containsExactly(this.prefix + "metadata/file.txt");
			assertThat(store.getPrefix()).isEqualTo(EtcdMetadataStore.DEFAULT_PREFIX);
		}
	}

	@Test
	void emptyKeysAreRefusedAndEtcdErrorsAreDataAccessExceptions() {
		AnnotationConfigApplicationContext instance = instance();
		EtcdMetadataStore store = instance.getBean(EtcdMetadataStore.class);
		assertThatIllegalArgumentException().isThrownBy(() -> store.put("", "1")).withMessageContaining("non-empty");
		instance.getBean(EtcdClient.class).close();
		assertThatExceptionOfType(DataAccessResourceFailureException.class).isThrownBy(() -> store.get("offset"));
	}

	@Test
	void replaceUnderContentionFromFourInstancesLosesNoIncrement() throws Exception {
		EtcdMetadataStore first = store();
		first.putIfAbsent("counter", "0");
		AtomicInteger replaced = new AtomicInteger();
		List<Future<?>> work = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			EtcdMetadataStore store = (i == 0) ? first : store();
			work.add(this.fleet.threads.submit(() -> {
				for (int n = 0; n < 50; n++) {
					// bounded: every failed replace means another instance's succeeded
					for (int attempt = 0; attempt < 1_000; attempt++) {
						String current = store.get("counter");
						if (store.replace("counter", current, Integer.toString(Integer.parseInt(current) + 1))) {
							replaced.incrementAndGet();
							break;
						}
					}
				}
				return null;
			}));
		}
		for (Future<?> done : work) {
			done.get(5, TimeUnit.MINUTES);
		}
		assertThat(replaced).hasValue(200);
		assertThat(first.get("counter")).isEqualTo("200");
	}

}
