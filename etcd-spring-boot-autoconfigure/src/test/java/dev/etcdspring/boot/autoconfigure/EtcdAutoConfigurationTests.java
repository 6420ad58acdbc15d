package dev.etcdspring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientBuilder;
import dev.etcdspring.client.EtcdClientSettings;
import dev.etcdspring.core.EtcdTemplate;
import dev.etcdspring.core.convert.DefaultEtcdValueConverter;
import dev.etcdspring.core.convert.EtcdValueConverter;
import dev.etcdspring.core.convert.JacksonEtcdValueConverter;
import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

class EtcdAutoConfigurationTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, JacksonAutoConfiguration.class))
		.withPropertyValues("etcd.endpoints=" + String.join(",", etcd.endpoints()));

	/** Captures the builder after every customizer ran, in order after the properties. */
	@Configuration(proxyBeanMethods = false)
	static class CaptureBuilder {

		static final AtomicReference<EtcdClientBuilder> builder = new AtomicReference<>();

		@Bean
		@Order(Integer.MAX_VALUE)
		EtcdClientBuilderCustomizer capture() {
			return builder::set;
		}

	}

	private EtcdClientSettings capturedConfig() {
		return CaptureBuilder.builder.get().settings();
	}

	@Test
	void defaultsGiveAClientATemplateAndPropertiesBackedConnectionDetails() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(EtcdClient.class)
				.hasSingleBean(EtcdTemplate.class)
				.hasSingleBean(EtcdConnectionDetails.class)
				.hasSingleBean(JacksonEtcdValueConverter.class);
			assertThat(context.getBean(EtcdConnectionDetails.class))
				.isInstanceOf(PropertiesEtcdConnectionDetails.class);
			EtcdTemplate template = context.getBean(EtcdTemplate.class);
			template.put("boot/auto", "works");
			assertThat(template.get("boot/auto")).hasValue("works");
		});
	}

	@Test
	void everyPropertyReachesTheClientBuilder() {
		this.contextRunner.withUserConfiguration(CaptureBuilder.class)
			.withPropertyValues("etcd.dial-timeout=7s", "etcd.request-timeout=3s", "etcd.keep-alive.time=40s",
					"etcd.keep-alive.timeout=4s", "etcd.max-inbound-message-size=8MB", "etcd.namespace=app/",
					"etcd.auto-sync-interval=1m", "etcd.close-timeout=2s")
			.run((context) -> {
				EtcdClientSettings config = capturedConfig();
				assertThat(config.endpoints()).containsExactlyElementsOf(etcd.endpoints());
				assertThat(config.dialTimeout()).isEqualTo(Duration.ofSeconds(7));
				assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(config.keepAliveTime()).isEqualTo(Duration.ofSeconds(40));
				assertThat(config.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(4));
				assertThat(config.maxInboundMessageSize()).isEqualTo(8 * 1024 * 1024);
				assertThat(config.namespace()).isEqualTo(ByteSequence.from("app/"));
				assertThat(config.autoSyncInterval()).isEqualTo(Duration.ofMinutes(1));
				assertThat(config.closeTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(config.username()).isEmpty();
				assertThat(config.tls()).isEmpty();
			});
	}

	@Test
	void propertyDefaultsAreTheClientDefaults() {
		this.contextRunner.withUserConfiguration(CaptureBuilder.class).run((context) -> {
			EtcdClientSettings fromProperties = capturedConfig();
			EtcdClientSettings clientDefaults = EtcdClient.builder().endpoints("http://x:2379").settings();
			assertThat(fromProperties.dialTimeout()).isEqualTo(clientDefaults.dialTimeout());
			assertThat(fromProperties.requestTimeout()).isEqualTo(clientDefaults.requestTimeout());
			assertThat(fromProperties.keepAliveTime()).isEqualTo(clientDefaults.keepAliveTime());
			assertThat(fromProperties.keepAliveTimeout()).isEqualTo(clientDefaults.keepAliveTimeout());
			assertThat(fromProperties.maxInboundMessageSize()).isEqualTo(clientDefaults.maxInboundMessageSize());
			assertThat(fromProperties.namespace()).isEqualTo(clientDefaults.namespace());
			assertThat(fromProperties.autoSyncInterval()).isEqualTo(clientDefaults.autoSyncInterval());
			assertThat(fromProperties.closeTimeout()).isEqualTo(clientDefaults.closeTimeout());
		});
		EtcdProperties properties = new EtcdProperties();
		assertThat(properties.getEndpoints()).containsExactly("http://localhost:2379");
		assertThat(properties.getDialTimeout()).isEqualTo(EtcdClientBuilder.DEFAULT_DIAL_TIMEOUT);
		assertThat(properties.getRequestTimeout()).isEqualTo(EtcdClientBuilder.DEFAULT_REQUEST_TIMEOUT);
		assertThat(properties.getKeepAlive().getTime()).isEqualTo(EtcdClientBuilder.DEFAULT_KEEP_ALIVE_TIME);
		assertThat(properties.getKeepAlive().getTimeout()).isEqualTo(EtcdClientBuilder.DEFAULT_KEEP_ALIVE_TIMEOUT);
		assertThat(properties.getCloseTimeout()).isEqualTo(EtcdClientBuilder.DEFAULT_CLOSE_TIMEOUT);
		assertThat(properties.getMaxInboundMessageSize()).isNull();
	}

	@Test
	void credentialsComeFromTheConnectionDetails() {
		this.contextRunner.withUserConfiguration(CaptureBuilder.class)
			.withPropertyValues("etcd.username=app", "etcd.password=secret")
			.run((context) -> {
				assertThat(capturedConfig().username()).contains("app");
				assertThat(capturedConfig().hasPassword()).isTrue();
				assertThat(capturedConfig()).asString().doesNotContain("secret");
			});
	}

	@Test
	void customizersRunInOrderAfterTheProperties() {
		this.contextRunner.withUserConfiguration(OrderedCustomizers.class, CaptureBuilder.class)
			.withPropertyValues("etcd.request-timeout=3s")
			.run((context) -> assertThat(capturedConfig().requestTimeout()).isEqualTo(Duration.ofSeconds(2)));
	}

	@Configuration(proxyBeanMethods = false)
	static class OrderedCustomizers {

		@Bean
		@Order(2)
		EtcdClientBuilderCustomizer second() {
			return (builder) -> builder.requestTimeout(Duration.ofSeconds(2));
		}

		@Bean
		@Order(1)
		EtcdClientBuilderCustomizer first() {
			return (builder) -> builder.requestTimeout(Duration.ofSeconds(1));
		}

	}

	@Test
	void whenUserDefinesClientThenAutoConfiguredOneBacksOff() {
		this.contextRunner.withUserConfiguration(UserClient.class).run((context) -> {
			assertThat(context).hasSingleBean(EtcdClient.class);
			assertThat(context.getBean(EtcdClient.class)).isSameAs(context.getBean("userClient"));
			assertThat(context.getBean(EtcdTemplate.class).getClient()).isSameAs(context.getBean("userClient"));
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserClient {

		@Bean(destroyMethod = "close")
		EtcdClient userClient() {
			return EtcdClient.builder().endpoints(etcd.endpoints()).build();
		}

	}

	@Test
	void whenUserDefinesTemplateConverterOrConnectionDetailsThenTheirsAreUsed() {
		EtcdValueConverter converter = new DefaultEtcdValueConverter(
				org.springframework.boot.convert.ApplicationConversionService.getSharedInstance());
		EtcdConnectionDetails details = () -> etcd.endpoints();
		this.contextRunner.withBean("myConverter", EtcdValueConverter.class, () -> converter)
			.withBean("myDetails", EtcdConnectionDetails.class, () -> details)
			.withUserConfiguration(CaptureBuilder.class)
			.withPropertyValues("etcd.endpoints=http://ignored:1")
			.run((context) -> {
				assertThat(context).hasSingleBean(EtcdValueConverter.class).hasSingleBean(EtcdConnectionDetails.class);
				assertThat(context.getBean(EtcdTemplate.class).getConverter()).isSameAs(converter);
				assertThat(capturedConfig().endpoints()).containsExactlyElementsOf(etcd.endpoints());
			});
		try (EtcdClient own = EtcdClient.builder().endpoints(etcd.endpoints()).build()) {
			this.contextRunner.withBean("myTemplate", EtcdTemplate.class, () -> new EtcdTemplate(own, converter))
				.run((context) -> assertThat(context).hasSingleBean(EtcdTemplate.class)
					.getBean(EtcdTemplate.class)
					.isSameAs(context.getBean("myTemplate")));
		}
	}

	@Test
	void withoutJacksonValuesAreConvertedWithoutJson() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
			.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(EtcdValueConverter.class)
					.doesNotHaveBean(JacksonEtcdValueConverter.class);
				assertThat(context.getBean(EtcdTemplate.class).getConverter())
					.isExactlyInstanceOf(DefaultEtcdValueConverter.class);
			});
	}

	@Test
	void withoutTheClientOnTheClassPathNothingIsConfigured() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(EtcdClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdTemplate.class)
				.doesNotHaveBean(EtcdConnectionDetails.class));
	}

	@Test
	void theClientClosesWithTheContextAndLeavesNoThread() {
		List<String> before = clientThreads();
		this.contextRunner.run((context) -> {
			context.getBean(EtcdTemplate.class).put("boot/close", "v");
			EtcdClient client = context.getBean(EtcdClient.class);
			assertThat(clientThreads()).hasSizeGreaterThan(before.size());
			context.close();
			assertThat(client.toString()).contains("closed");
			// no thread of this context's client is left (idle threads of others may end
			// meanwhile)
			assertThat(clientThreads()).allMatch(before::contains);
		});
	}

	private static List<String> clientThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.startsWith("etcd-client"))
			.sorted()
			.toList();
	}

}
