package dev.etcdspring.client.kv;

/** The field a range read sorts by. */
public enum SortTarget {

	/** The key (the order etcd returns keys in without sorting). */
	KEY,

	/** The key's version. */
	VERSION,

	/** The revision that created the key. */
	CREATE_REVISION,

	/** The revision that last modified the key. */
	MOD_REVISION,

	/** The value's bytes. */
	VALUE

}
