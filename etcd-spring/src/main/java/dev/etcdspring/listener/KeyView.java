package dev.etcdspring.listener;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.watch.WatchEvent;

/**
 * What a listener has been told: the mod revision of every key in its range, so that
 * after a compaction the difference to the current state can be delivered. Used by the
 * delivering thread only; not thread-safe.
 */
final class KeyView {

	private static final Comparator<WatchEvent> BY_REVISION = Comparator.comparingLong(WatchEvent::revision)
		.thenComparing((event) -> event.kv().key());

	private final Map<ByteSequence, Long> modRevisions = new HashMap<>();

	/**
	 * Forgets everything and remembers the keys read.
	 * @param kvs the keys of a read of the whole range
	 */
	void reset(List<KeyValue> kvs) {
		this.modRevisions.clear();
		for (KeyValue kv : kvs) {
			this.modRevisions.put(kv.key(), kv.modRevision());
		}
	}

	/**
	 * Remembers a change.
	 * @param event the change
	 */
	void apply(WatchEvent event) {
		if (event.type() == WatchEvent.Type.PUT) {
			this.modRevisions.put(event.kv().key(), event.kv().modRevision());
		}
		else {
			this.modRevisions.remove(event.kv().key());
		}
	}

	/**
	 * The changes from what was remembered to the state read at a revision: keys whose
	 * mod revision differs (or that are new) as PUT events in revision order, then keys
	 * that are gone as DELETE events at the read's revision, in key order.
	 * @param kvs the keys of a read of the whole range
	 * @param revision the read's revision
	 * @return the changes
	 */
	List<WatchEvent> changesTo(List<KeyValue> kvs, long revision) {
		List<WatchEvent> puts = new ArrayList<>();
		Map<ByteSequence, Boolean> present = new HashMap<>();
		for (KeyValue kv : kvs) {
			present.put(kv.key(), Boolean.TRUE);
			Long known = this.modRevisions.get(kv.key());
			if (known == null || known != kv.modRevision()) {
				puts.add(new WatchEvent(WatchEvent.Type.PUT, kv, Optional.empty()));
			}
		}
		puts.sort(BY_REVISION);
		List<WatchEvent> deletes = new ArrayList<>();
		for (ByteSequence key : this.modRevisions.keySet()) {
			if (!present.containsKey(key)) {
				deletes.add(new WatchEvent(WatchEvent.Type.DELETE,
						new KeyValue(key, ByteSequence.EMPTY, 0, revision, 0, 0), Optional.empty()));
			}
		}
		deletes.sort(BY_REVISION);
		puts.addAll(deletes);
		return puts;
	}

	/**
	 * How many keys are remembered.
	 * @return the count
	 */
	int size() {
		return this.modRevisions.size();
	}

}
