package dev.etcdspring.listener;

import java.util.List;

import dev.etcdspring.client.watch.WatchEvent;

/**
 * Decides what happens when a listener keeps failing, and hears about watches that end
 * with an error. Implementations must be thread-safe: one handler may serve several
 * containers.
 *
 * @see LoggingEtcdWatchErrorHandler
 */
@FunctionalInterface
public interface EtcdWatchErrorHandler {

	/**
	 * The listener threw for these events and every retry the back-off allowed failed
	 * too. If this method returns, the events count as delivered and the container goes
	 * on with the next ones; if it throws, the container stops (state
	 * {@link EtcdWatchContainer.State#FAILED}) before these events, and delivers them
	 * again when it is started again.
	 * @param exception what the listener threw the last time
	 * @param events the event, or the batch, that could not be delivered
	 * @param container the container
	 * @throws Exception to stop the container before these events
	 */
	void handleListenerError(Exception exception, List<WatchEvent> events, EtcdWatchContainer container)
			throws Exception;

	/**
	 * The watch itself ended with an error and the container stopped (state
	 * {@link EtcdWatchContainer.State#FAILED}): permission denied, a compaction with
	 * {@link OnCompaction#STOP}, a closed client, an error thrown by the listener (not an
	 * exception), or {@link #handleListenerError} throwing. The default logs it.
	 * @param error why the container stopped
	 * @param container the container
	 */
	default void handleContainerError(Throwable error, EtcdWatchContainer container) {
		LoggingEtcdWatchErrorHandler.logContainerError(error, container);
	}

}
