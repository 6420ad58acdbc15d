package dev.etcdspring.client.kv;

/** The direction of a sorted range read. */
public enum SortOrder {

	/** No sorting: keys in ascending key order. */
	NONE,

	/** Lowest first. */
	ASCEND,

	/** Highest first. */
	DESCEND

}
