package dev.etcdspring.listener;

import java.util.List;
import java.util.Optional;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.watch.WatchEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The difference a resynchronisation delivers, and where a resumed watch goes on. */
class KeyViewTests {

	private static KeyValue kv(String key, String value, long modRevision) {
		return new KeyValue(ByteSequence.from(key), ByteSequence.from(value), 1, modRevision, 1, 0);
	}

	private static WatchEvent put(String key, long revision) {
		return new WatchEvent(WatchEvent.Type.PUT, kv(key, "v", revision), Optional.empty());
	}

	@Test
	void changedAndNewKeysArePutsInRevisionOrderAndVanishedKeysDeletesAtTheReadRevision() {
		KeyView view = new KeyView();
		view.reset(List.of(kv("a", "1", 5), kv("b", "1", 6), kv("c", "1", 7), kv("d", "1", 8)));
		view.apply(put("e", 9));
		view.apply(new WatchEvent(WatchEvent.Type.DELETE, kv("d", "", 10), Optional.empty()));
		List<WatchEvent> changes = view
			.changesTo(List.of(kv("a", "1", 5), kv("c", "2", 14), kv("b", "2", 12), kv("f", "1", 13)), 20);
		assertThat(changes).extracting((e) -> e.type() + " " + e.kv().keyAsString() + " @" + e.revision())
			.containsExactly("PUT b @12", "PUT f @13", "PUT c @14", "DELETE e @20");
		assertThat(changes.get(3).kv().value().isEmpty()).isTrue();
		view.reset(List.of(kv("a", "1", 5)));
		assertThat(view.size()).isEqualTo(1);
	}

	@Test
	void aResumedWatchSkipsTheEventsOfItsFirstRevisionThatWereDelivered() {
		Position position = new Position();
		assertThat(position.isKnown()).isFalse();
		position.completed(10);
		// a transaction at revision 11 changed three keys; two were delivered before a
		// stop
		position.delivered(put("a", 11));
		position.delivered(put("b", 11));
		assertThat(position.resumeFrom()).isEqualTo(11);
		position.opening(11, true);
		assertThat(position.skipDelivered(put("a", 11))).isTrue();
		assertThat(position.skipDelivered(put("b", 11))).isTrue();
		assertThat(position.skipDelivered(put("c", 11))).isFalse();
		position.delivered(put("c", 11));
		position.completed(11);
		assertThat(position.resumeFrom()).isEqualTo(12);
		position.opening(12, true);
		assertThat(position.skipDelivered(put("d", 12))).isFalse();
		assertThat(position.lastRevision()).isEqualTo(11);
	}

}
