package dev.etcdspring.client;

import java.time.Duration;

import dev.etcdspring.client.error.InvalidEndpointException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EtcdClientBuilderTests {

	@Test
	void noEndpointsIsRejected() {
		assertThatExceptionOfType(InvalidEndpointException.class).isThrownBy(() -> EtcdClient.builder().build())
			.withMessageContaining("No etcd endpoints");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ftp://127.0.0.1:2379", "http://", "http://127.0.0.1:99999", "http://host:2379/path",
			"http://user@host:2379", "http://host:2379?x=1", "  ", "http://ho st:2379", "127.0.0.1:notaport" })
	void malformedEndpointIsRejectedWithItsValue(String endpoint) {
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> EtcdClient.builder().endpoints(endpoint).build())
			.withMessageContaining("'" + endpoint + "'")
			.satisfies((ex) -> assertThat(ex.endpoint()).isEqualTo(endpoint));
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1:notaport", "http://etcd-1:23x9", "https://[::1]:port" })
	void aPortThatIsNotANumberIsCalledThat(String endpoint) {
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> EtcdClient.builder().endpoints(endpoint).build())
			.withMessageContaining("is not a number")
			.withMessageNotContaining("host name");
	}

	@Test
	void mixedSchemesAreRejected() {
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> EtcdClient.builder().endpoints("http://a:2379", "https://b:2379").build())
			.withMessageContaining("mix http and https");
	}

	@Test
	void negativeOrZeroTimeoutsAreRejectedByName() {
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> EtcdClient.builder().endpoints("http://a:2379").dialTimeout(Duration.ofSeconds(-1)).build())
			.withMessageContaining("dialTimeout")
			.withMessageContaining("PT-1S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EtcdClient.builder().endpoints("http://a:2379").requestTimeout(Duration.ZERO).build())
			.withMessageContaining("requestTimeout");
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> EtcdClient.builder().endpoints("http://a:2379").keepAliveTime(Duration.ofMillis(-5)).build())
			.withMessageContaining("keepAliveTime");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EtcdClient.builder().endpoints("http://a:2379").maxInboundMessageSize(0).build())
			.withMessageContaining("maxInboundMessageSize");
	}

	@Test
	void endpointsWithoutSchemeOrPortGetTheDefaults() {
		var config = EtcdClient.builder().endpoints("10.1.2.3", "[::1]:2380", "https2.example:12").config();
		assertThat(config.endpoints()).extracting((e) -> e.authority())
			.containsExactly("10.1.2.3:2379", "[::1]:2380", "https2.example:12");
		assertThat(config.endpoints()).allSatisfy((e) -> assertThat(e.secure()).isFalse());
	}

	@Test
	void defaultsAreTheDocumentedConstants() {
		var config = EtcdClient.builder().endpoints("http://a:2379").config();
		assertThat(config.dialTimeout()).isEqualTo(EtcdClientBuilder.DEFAULT_DIAL_TIMEOUT);
		assertThat(config.requestTimeout()).isEqualTo(EtcdClientBuilder.DEFAULT_REQUEST_TIMEOUT);
		assertThat(config.keepAliveTime()).isEqualTo(EtcdClientBuilder.DEFAULT_KEEP_ALIVE_TIME);
		assertThat(config.keepAliveTimeout()).isEqualTo(EtcdClientBuilder.DEFAULT_KEEP_ALIVE_TIMEOUT);
		assertThat(config.maxInboundMessageSize()).isEqualTo(EtcdClientBuilder.DEFAULT_MAX_INBOUND_MESSAGE_SIZE);
		assertThat(config.namespace()).isEqualTo(ByteSequence.EMPTY);
	}

}
