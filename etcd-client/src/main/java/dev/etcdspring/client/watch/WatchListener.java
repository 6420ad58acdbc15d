package dev.etcdspring.client.watch;

import dev.etcdspring.client.error.ClientClosedException;
import dev.etcdspring.client.error.EtcdException;

/**
 * Receives what one watch delivers. Calls for one watch never overlap and come in
 * revision order, on the client's callback executor (never on a gRPC or Netty thread).
 */
@FunctionalInterface
public interface WatchListener {

	/**
	 * One response: events, or a notification without events.
	 * @param response the response
	 */
	void onNext(WatchResponse response);

	/**
	 * The watch ended because of an error, after every event before it was delivered; no
	 * call follows. Called at most once; not called when the watch is closed with
	 * {@link Watch#close()}.
	 * <ul>
	 * <li>{@link dev.etcdspring.client.error.CompactedException}: the next revision was
	 * compacted (while disconnected, or already when the watch started); read the current
	 * state and watch again from its revision + 1;</li>
	 * <li>{@link dev.etcdspring.client.error.PermissionDeniedException}: the user may not
	 * read the range;</li>
	 * <li>{@link dev.etcdspring.client.error.NoLeaderException}: a require-leader watch's
	 * member lost its leader;</li>
	 * <li>{@link dev.etcdspring.client.error.ClientClosedException}: the client was
	 * closed.</li>
	 * </ul>
	 * The default logs the error at WARNING (a closed client at DEBUG), so that a watch
	 * never ends unnoticed; override it to react.
	 * @param error why the watch ended
	 */
	default void onError(EtcdException error) {
		System.Logger log = System.getLogger(WatchListener.class.getName());
		if (error instanceof ClientClosedException) {
			log.log(System.Logger.Level.DEBUG, () -> "A watch ended because its client closed: " + error.getMessage());
		}
		else {
			log.log(System.Logger.Level.WARNING, "A watch ended with an error, and its listener does not handle "
					+ "errors (override WatchListener.onError): " + error.getMessage(), error);
		}
	}

}
