package dev.etcdspring.listener;

import java.util.List;

import dev.etcdspring.client.watch.WatchEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The default {@link EtcdWatchErrorHandler}: logs the listener's id, each event's key and
 * revision and the exception at ERROR, then lets the container go on with the next event.
 * Keys are logged, values never. Thread-safe.
 */
public class LoggingEtcdWatchErrorHandler implements EtcdWatchErrorHandler {

	private static final Log logger = LogFactory.getLog(LoggingEtcdWatchErrorHandler.class);

	@Override
	public void handleListenerError(Exception exception, List<WatchEvent> events, EtcdWatchContainer container) {
		logger.error("etcd listener '" + container.getId() + "' failed for " + describe(events)
				+ " after its retries; going on with the next event", exception);
	}

	static void logContainerError(Throwable error, EtcdWatchContainer container) {
		logger.error("etcd listener '" + container.getId() + "' stopped: " + error.getMessage()
				+ ". Start it again through the EtcdWatchRegistry once the cause is fixed", error);
	}

	/**
	 * The keys and revisions of some events, for a log line: at most ten of them, then
	 * how many more.
	 * @param events the events
	 * @return a description such as {@code PUT 'a' @12, DELETE 'b' @13}
	 */
	public static String describe(List<WatchEvent> events) {
		StringBuilder text = new StringBuilder();
		int shown = Math.min(events.size(), 10);
		for (int i = 0; i < shown; i++) {
			WatchEvent event = events.get(i);
			text.append((i > 0) ? ", " : "")
				.append(event.type())
				.append(" '")
				.append(event.kv().keyAsString())
				.append("' @")
				.append(event.revision());
		}
		if (events.size() > shown) {
			text.append(" and ").append(events.size() - shown).append(" more");
		}
		return text.toString();
	}

}
