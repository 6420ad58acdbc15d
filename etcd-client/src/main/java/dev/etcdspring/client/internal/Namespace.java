package dev.etcdspring.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.google.protobuf.ByteString;
import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.ResponseHeader;
import dev.etcdspring.client.error.EmptyKeyException;
import dev.etcdspring.client.internal.proto.MvccProto;
import dev.etcdspring.client.internal.proto.RpcProto;
import dev.etcdspring.client.watch.WatchEvent;

/**
 * The client's key prefix: added to every key and range sent, removed from every key
 * received. A range never leaves the namespace: "all keys" and "from key" end at the
 * namespace's end. Without a namespace the prefix is empty and keys pass unchanged.
 */
final class Namespace {

	private final ByteString prefix;

	private final ByteString end;

	/**
	 * Where "all keys" starts: the first key after the prefix itself, which is the empty
	 * key.
	 */
	private final ByteString first;

	/**
	 * A namespace.
	 * @param prefix the prefix, possibly empty
	 */
	Namespace(ByteSequence prefix) {
		this.prefix = Bytes.toByteString(prefix);
		this.end = prefix.isEmpty() ? Bytes.ZERO : Bytes.prefixEnd(this.prefix);
		this.first = this.prefix.concat(Bytes.ZERO);
	}

	/** A key and range end as sent on the wire. */
	record Bounds(ByteString key, ByteString end) {
	}

	/**
	 * A key as sent. An empty key is empty whatever the namespace: it is refused here, as
	 * the server refuses it without a namespace, so that it never addresses the
	 * namespace's own key.
	 * @throws EmptyKeyException when the key is empty
	 */
	ByteString key(ByteSequence key) {
		if (key.isEmpty()) {
			throw emptyKey("key");
		}
		ByteString bytes = Bytes.toByteString(key);
		return this.prefix.isEmpty() ? bytes : this.prefix.concat(bytes);
	}

	/**
	 * The error for an empty key or name.
	 * @param what what is empty: key, lock name, election name
	 * @return the exception
	 */
	static EmptyKeyException emptyKey(String what) {
		return new EmptyKeyException("The " + what + " is empty: every etcd key needs at least one byte (to "
				+ "address all keys, use a prefix or a range)", null, null, null);
	}

	/**
	 * A range as sent. "All keys" and "from the first key" start after the namespace's
	 * own key, the empty key, which no namespaced call can write.
	 * @throws EmptyKeyException when a single key or a range's start is empty
	 */
	Bounds bounds(KeyRange range) {
		return switch (range.kind()) {
			case KEY -> new Bounds(key(range.key()), ByteString.EMPTY);
			case PREFIX -> range.key().isEmpty() ? new Bounds(this.first, this.end) : prefixBounds(key(range.key()));
			case RANGE -> new Bounds(key(range.key()), key(java.util.Objects.requireNonNull(range.end())));
			case FROM_KEY -> new Bounds(range.key().isEmpty() ? this.first : key(range.key()), this.end);
		};
	}

	private static Bounds prefixBounds(ByteString key) {
		return new Bounds(key, Bytes.prefixEnd(key));
	}

	/** The range a wire key and range end describe, relative to the namespace. */
	KeyRange range(ByteString key, ByteString end) {
		ByteSequence relative = strip(key);
		if (end.isEmpty()) {
			return KeyRange.key(relative);
		}
		if (end.equals(this.end) && key.equals(this.first)) {
			return KeyRange.all();
		}
		if (end.equals(this.end)) {
			return KeyRange.fromKey(relative);
		}
		if (end.equals(Bytes.prefixEnd(key))) {
			return KeyRange.prefix(relative);
		}
		return KeyRange.range(relative, strip(end));
	}

	ByteSequence strip(ByteString key) {
		return Bytes.toSequence(key, this.prefix.size());
	}

	/**
	 * A watch response's events, their keys without the namespace.
	 * @param response the response
	 * @return the events
	 */
	List<WatchEvent> events(RpcProto.WatchResponse response) {
		List<WatchEvent> events = new ArrayList<>(response.getEventsCount());
		for (MvccProto.Event event : response.getEventsList()) {
			events.add(new WatchEvent(
					(event.getType() == MvccProto.Event.EventType.DELETE) ? WatchEvent.Type.DELETE
							: WatchEvent.Type.PUT,
					keyValue(event.getKv()),
					event.hasPrevKv() ? Optional.of(keyValue(event.getPrevKv())) : Optional.empty()));
		}
		return events;
	}

	KeyValue keyValue(MvccProto.KeyValue kv) {
		return new KeyValue(strip(kv.getKey()), Bytes.toSequence(kv.getValue()), kv.getCreateRevision(),
				kv.getModRevision(), kv.getVersion(), kv.getLease());
	}

	List<KeyValue> keyValues(List<MvccProto.KeyValue> kvs) {
		// List.of for the common sizes: the result records keep it without copying it
		// again
		if (kvs.isEmpty()) {
			return List.of();
		}
		if (kvs.size() == 1) {
			return List.of(keyValue(kvs.get(0)));
		}
		List<KeyValue> converted = new ArrayList<>(kvs.size());
		for (MvccProto.KeyValue kv : kvs) {
			converted.add(keyValue(kv));
		}
		return converted;
	}

	static ResponseHeader header(RpcProto.ResponseHeader header) {
		return new ResponseHeader(header.getClusterId(), header.getMemberId(), header.getRevision(),
				header.getRaftTerm());
	}

}
