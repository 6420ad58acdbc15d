package dev.etcdspring.listener;

import java.util.List;

import dev.etcdspring.client.watch.WatchEvent;

/**
 * Receives the events of one watch a batch at a time, from an {@link EtcdWatchContainer}:
 * the events of one watch response (one or more revisions), or all the events of an
 * initial load or a resynchronisation. Calls never overlap and come in revision order.
 * What the method throws is retried (the whole batch) and then handed to the container's
 * {@link EtcdWatchErrorHandler}.
 */
@FunctionalInterface
public interface EtcdWatchBatchListener {

	/**
	 * A batch of changes, in revision order; never empty.
	 * @param events the events
	 * @throws Exception to have the batch retried, then handled by the error handler
	 */
	void onEvents(List<WatchEvent> events) throws Exception;

}
