package dev.etcdspring.client.internal;

import java.nio.channels.ClosedChannelException;
import java.time.Duration;

import dev.etcdspring.client.error.UnavailableException;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statuses that grpc-netty or a stopping member report as UNKNOWN but that mean "no
 * member could serve this": retried for reads, {@link UnavailableException} for writes.
 * The real-server side of the same path is {@code FailoverTests}, which restarts a member
 * under load.
 */
class StatusNormalizationTests {

	@Test
	void aRequestWrittenOntoAClosingConnectionIsUnavailability() {
		Status closed = Status.UNKNOWN.withDescription("channel closed").withCause(new ClosedChannelException());
		Status normalized = Errors.normalize(closed);
		assertThat(normalized.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(Errors.isRetryableForRepeatable(normalized)).isTrue();
		assertThat(Errors.toException(normalized, "KV.Put", Duration.ofSeconds(1), 1))
			.isInstanceOf(UnavailableException.class)
			.hasMessageContaining("closed under the call");
	}

	@Test
	void aStoppingMembersRaftErrorIsUnavailability() {
		Status normalized = Errors.normalize(Status.UNKNOWN.withDescription("raft: stopped"));
		assertThat(normalized.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(Errors.toException(normalized, "KV.Put", Duration.ofSeconds(1), 1))
			.isInstanceOf(UnavailableException.class)
			.hasMessageContaining("stopping");
	}

	@Test
	void otherStatusesAreLeftAlone() {
		Status other = Status.UNKNOWN.withDescription("something else");
		assertThat(Errors.normalize(other)).isSameAs(other);
		Status denied = Status.PERMISSION_DENIED.withDescription("etcdserver: permission denied");
		assertThat(Errors.normalize(denied)).isSameAs(denied);
	}

}
