package dev.etcdspring.listener;

/**
 * Hears how the listener of each {@link EtcdWatchContainer} fares: calls that returned,
 * calls that threw, retries, and failures handed to the error handler. The hook a metrics
 * library binds to (Spring Boot binds one to Micrometer, as {@code etcd.listener.*}
 * meters tagged with the listener's id); without one, containers record nothing.
 *
 * <p>
 * Called on the listener's thread, right after the listener call, so an implementation
 * must be quick and must not throw. Every method has an empty default.
 */
public interface EtcdWatchRecorder {

	/** Records nothing. */
	EtcdWatchRecorder NONE = new EtcdWatchRecorder() {
	};

	/**
	 * The listener returned normally.
	 * @param container the listener's container
	 * @param events the events of the call (one, or the batch)
	 * @param nanos how long the call took
	 */
	default void delivered(EtcdWatchContainer container, int events, long nanos) {
	}

	/**
	 * The listener threw.
	 * @param container the listener's container
	 * @param events the events of the call
	 * @param nanos how long the call took
	 * @param error what it threw
	 */
	default void failed(EtcdWatchContainer container, int events, long nanos, Exception error) {
	}

	/**
	 * The listener is about to be called again for the same events, after the back-off's
	 * pause.
	 * @param container the listener's container
	 * @param pauseMillis the pause before the next call
	 */
	default void retrying(EtcdWatchContainer container, long pauseMillis) {
	}

	/**
	 * The back-off gave up: the error handler gets the failure.
	 * @param container the listener's container
	 * @param error the listener's last exception
	 */
	default void exhausted(EtcdWatchContainer container, Exception error) {
	}

}
