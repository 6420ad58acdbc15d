package dev.etcdspring.listener;

/**
 * What a listener container does when the revision it would resume from has been
 * compacted, so that etcd can no longer replay the changes it missed (after a long
 * disconnection, or a restart of a container that was stopped for long).
 */
public enum OnCompaction {

	/**
	 * Reads the current state under the watched keys and brings the listener up to date:
	 * keys that changed (or appeared) while the history was lost are delivered as PUT
	 * events, keys that vanished as DELETE events (with the read's revision), then the
	 * watch goes on from the read's revision + 1. The events of a resynchronisation carry
	 * no previous value. To know which keys vanished, the container remembers the key and
	 * mod revision of every key in the range (read at start, values left out).
	 */
	RESYNC,

	/**
	 * Stops the container with the compaction error, which goes to the error handler;
	 * nothing more is delivered until the container is started again (from the current
	 * revision's state if configured to load it, else from "now").
	 */
	STOP

}
