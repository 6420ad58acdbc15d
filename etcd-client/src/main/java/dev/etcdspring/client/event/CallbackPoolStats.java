package dev.etcdspring.client.event;

/**
 * A read-only view of the callback pool a client owns (see
 * {@link dev.etcdspring.client.EtcdClientBuilder#executor}): each method reads the pool's
 * current value, without locking, so values read one after the other may not add up.
 * Thread-safe and cheap enough for a gauge.
 */
public interface CallbackPoolStats {

	/**
	 * The workers the pool keeps while busy: one per core, at least two.
	 * @return the base number of workers
	 */
	int baseSize();

	/**
	 * The workers that exist now, base and extra ones added while callbacks block.
	 * @return the number of worker threads
	 */
	int poolSize();

	/**
	 * The workers inside a callback now.
	 * @return the number of busy workers
	 */
	int activeCount();

	/**
	 * The callbacks waiting for a worker.
	 * @return the queue's length
	 */
	int queueSize();

	/**
	 * The callbacks run so far.
	 * @return the count, never decreasing
	 */
	long completedCount();

}
