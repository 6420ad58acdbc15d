package dev.etcdspring.client.internal;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;
import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.ResponseHeader;

/**
 * The client's key prefix: added to every key and range sent, removed from every key received.
 * A range never leaves the namespace: "all keys" and "from key" end at the namespace's end.
 * Without a namespace the prefix is empty and keys pass unchanged.
 */
public final class Namespace {

	private final ByteString prefix;

	private final ByteString end;

	/**
	 * A namespace.
	 * @param prefix the prefix, possibly empty
	 */
	public Namespace(ByteSequence prefix) {
		this.prefix = Bytes.toByteString(prefix);
		this.end = prefix.isEmpty() ? Bytes.ZERO : Bytes.prefixEnd(this.prefix);
	}

	/** A key and range end as sent on the wire. */
	record Bounds(ByteString key, ByteString end) {
	}

	ByteString key(ByteSequence key) {
		ByteString bytes = Bytes.toByteString(key);
		return this.prefix.isEmpty() ? bytes : this.prefix.concat(bytes);
	}

	Bounds bounds(KeyRange range) {
		ByteString key = key(range.key());
		return switch (range.kind()) {
			case KEY -> new Bounds(key, ByteString.EMPTY);
			case PREFIX -> key.isEmpty() ? new Bounds(Bytes.ZERO, Bytes.ZERO) : new Bounds(key, Bytes.prefixEnd(key));
			case RANGE -> new Bounds(key, key(java.util.Objects.requireNonNull(range.end())));
			case FROM_KEY -> new Bounds(key.isEmpty() ? Bytes.ZERO : key, this.end);
		};
	}

	/** The range a wire key and range end describe, relative to the namespace. */
	KeyRange range(ByteString key, ByteString end) {
		ByteSequence relative = strip(key);
		if (end.isEmpty()) {
			return KeyRange.key(relative);
		}
		if (end.equals(this.end) && key.equals(this.prefix.isEmpty() ? Bytes.ZERO : this.prefix)) {
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

	KeyValue keyValue(dev.etcdspring.client.internal.proto.KeyValue kv) {
		return new KeyValue(strip(kv.getKey()), Bytes.toSequence(kv.getValue()), kv.getCreateRevision(),
				kv.getModRevision(), kv.getVersion(), kv.getLease());
	}

	List<KeyValue> keyValues(List<dev.etcdspring.client.internal.proto.KeyValue> kvs) {
		// List.of for the common sizes: the result records keep it without copying it again
		if (kvs.isEmpty()) {
			return List.of();
		}
		if (kvs.size() == 1) {
			return List.of(keyValue(kvs.get(0)));
		}
		List<KeyValue> converted = new ArrayList<>(kvs.size());
		for (dev.etcdspring.client.internal.proto.KeyValue kv : kvs) {
			converted.add(keyValue(kv));
		}
		return converted;
	}

	static ResponseHeader header(dev.etcdspring.client.internal.proto.ResponseHeader header) {
		return new ResponseHeader(header.getClusterId(), header.getMemberId(), header.getRevision(),
				header.getRaftTerm());
	}

}
