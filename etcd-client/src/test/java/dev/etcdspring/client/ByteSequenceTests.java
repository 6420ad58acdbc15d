package dev.etcdspring.client;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ByteSequenceTests {

	@Test
	void copiesOnTheWayInAndOut() {
		byte[] bytes = { 1, 2, 3 };
		ByteSequence sequence = ByteSequence.from(bytes);
		bytes[0] = 9;
		assertThat(sequence.byteAt(0)).isEqualTo((byte) 1);
		sequence.toByteArray()[1] = 9;
		assertThat(sequence.byteAt(1)).isEqualTo((byte) 2);
	}

	@Test
	void utf8RoundTripAndEquality() {
		ByteSequence sequence = ByteSequence.from("grüße/ключ");
		assertThat(sequence.toString()).isEqualTo("grüße/ключ");
		assertThat(sequence).isEqualTo(ByteSequence.from("grüße/ключ".getBytes(StandardCharsets.UTF_8)))
			.hasSameHashCodeAs(ByteSequence.from("grüße/ключ"));
		assertThat(ByteSequence.from("")).isSameAs(ByteSequence.EMPTY);
	}

	@Test
	void ordersLikeEtcdUnsignedBytes() {
		ByteSequence low = ByteSequence.from(new byte[] { 0x7f });
		ByteSequence high = ByteSequence.from(new byte[] { (byte) 0x80 });
		assertThat(low).isLessThan(high);
		assertThat(ByteSequence.from("a")).isLessThan(ByteSequence.from("ab"));
	}

	@Test
	void concatStartsWithAndSubstring() {
		ByteSequence joined = ByteSequence.from("app/").concat(ByteSequence.from("key"));
		assertThat(joined.toString()).isEqualTo("app/key");
		assertThat(joined.startsWith(ByteSequence.from("app/"))).isTrue();
		assertThat(joined.startsWith(ByteSequence.from("key"))).isFalse();
		assertThat(joined.substring(4).toString()).isEqualTo("key");
		assertThat(joined.substring(1, 3).toString()).isEqualTo("pp");
		assertThat(joined.asReadOnlyByteBuffer().isReadOnly()).isTrue();
	}

}
