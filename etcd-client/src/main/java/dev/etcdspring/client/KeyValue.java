package dev.etcdspring.client;

/**
 * A key as stored in etcd, with its revisions. With a namespace set on the client,
 * {@code key} is relative to it.
 *
 * @param key the key
 * @param value the value (empty when the read asked for keys only)
 * @param createRevision the revision that last created the key
 * @param modRevision the revision that last modified the key
 * @param version how often the key was modified since it was created (a delete resets it)
 * @param lease id of the lease the key is attached to, 0 for none
 */
public record KeyValue(ByteSequence key, ByteSequence value, long createRevision, long modRevision, long version,
		long lease) {

	/**
	 * The key as UTF-8 text.
	 * @return the key
	 */
	public String keyAsString() {
		return this.key.toString();
	}

	/**
	 * The value as UTF-8 text.
	 * @return the value
	 */
	public String valueAsString() {
		return this.value.toString();
	}

}
