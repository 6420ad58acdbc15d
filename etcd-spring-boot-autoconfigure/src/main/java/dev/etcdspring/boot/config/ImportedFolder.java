package dev.etcdspring.boot.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.etcdspring.client.KeyValue;

/**
 * One imported folder of an {@link EtcdConfigFeed}: its keys and properties. Guarded by
 * the feed's lock.
 */
final class ImportedFolder {

	final EtcdConfigDataResource resource;

	final EtcdConfigPropertySource source;

	final Map<String, KeyValue> kvs = new TreeMap<>();

	long readRevision;

	FolderProperties properties = FolderProperties.EMPTY;

	ImportedFolder(EtcdConfigDataResource resource, EtcdConfigPropertySource source) {
		this.resource = resource;
		this.source = source;
	}

	void reset(List<KeyValue> read, long at) {
		this.kvs.clear();
		read.forEach((kv) -> this.kvs.put(kv.keyAsString(), kv));
		this.readRevision = at;
	}

}
