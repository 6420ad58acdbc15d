package dev.etcdspring.listener;

import dev.etcdspring.client.watch.WatchEvent;

/**
 * Receives the events of one watch, one at a time, from an {@link EtcdWatchContainer}.
 * Calls never overlap and come in revision order. What the method throws is retried and
 * then handed to the container's {@link EtcdWatchErrorHandler}.
 */
@FunctionalInterface
public interface EtcdWatchListener {

	/**
	 * One change of one key.
	 * @param event the event
	 * @throws Exception to have the event retried, then handled by the error handler
	 */
	void onEvent(WatchEvent event) throws Exception;

}
