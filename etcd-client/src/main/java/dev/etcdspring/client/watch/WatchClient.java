package dev.etcdspring.client.watch;

import dev.etcdspring.client.KeyRange;

/**
 * Watches keys: etcd's Watch service.
 *
 * <h2>Contract</h2>
 * <ul>
 * <li><b>One stream.</b> All watches of a client share one bidirectional gRPC stream
 * (watches with {@link WatchOptions#requireLeader()} share a second one). A watch costs a
 * few hundred bytes and no thread; creating one sends a request on the stream and returns
 * at once ({@link Watch#created()} says when the server has it).</li>
 * <li><b>Ordering.</b> A watch delivers its events in revision order, each revision once,
 * events of one revision together in one response. Different watches are not ordered with
 * respect to each other.</li>
 * <li><b>Threading.</b> Listeners run on the client's callback executor, never on a gRPC
 * or Netty thread. Calls to one listener never overlap. The stream's reader only hands
 * responses to the watch's own queue, so a slow or blocking listener delays only its own
 * watch (the client's own callback pool adds a worker when all of its workers are
 * blocked).</li>
 * <li><b>Buffering and back-pressure.</b> Each watch buffers what its listener has not
 * consumed. When more than 16,384 events are waiting, the client cancels that watch on
 * the server and re-creates it from its next revision once the listener has worked the
 * backlog down to 4,096: memory stays bounded, the shared stream keeps flowing, and
 * nothing is lost (unless the server compacts the revisions in between, which ends the
 * watch with a compacted error).</li>
 * <li><b>Reconnect.</b> When the stream breaks (a member killed, restarted, or
 * unreachable), the client reopens it at once on any live member (backing off only if
 * that fails again) and re-creates every watch from its next revision: the last delivered
 * event's revision + 1, a revision a progress notification for that watch vouched for, or
 * the creation revision + 1 of a watch from "now". No event is lost and none is delivered
 * twice.</li>
 * <li><b>Compaction.</b> If the next revision has been compacted (while disconnected, or
 * already when the watch is created), the watch ends with
 * {@link dev.etcdspring.client.error.CompactedException} carrying the compact
 * revision.</li>
 * <li><b>End of delivery.</b> Delivery ends when the watch is closed
 * ({@link Watch#close()}: no further call, queued responses are dropped), or with exactly
 * one {@link WatchListener#onError} after all queued responses: compaction, permission
 * denied, no leader for a require-leader watch, or the client's close. Nothing is
 * delivered after it.</li>
 * </ul>
 *
 * <p>
 * Thread-safe; obtained from {@link dev.etcdspring.client.EtcdClient#watch()}.
 */
public interface WatchClient {

	/**
	 * Watches a key or a range.
	 * @param range the keys
	 * @param options start revision, filters and notifications
	 * @param listener receives the responses
	 * @return the open watch
	 * @throws dev.etcdspring.client.error.EmptyKeyException when the range is a single
	 * empty key, or a range whose start is empty (use {@link KeyRange#all()} or an empty
	 * prefix for all keys)
	 */
	Watch watch(KeyRange range, WatchOptions options, WatchListener listener);

	/**
	 * Watches a key or a range from "now", with default options.
	 * @param range the keys
	 * @param listener receives the responses
	 * @return the open watch
	 */
	default Watch watch(KeyRange range, WatchListener listener) {
		return watch(range, WatchOptions.DEFAULT, listener);
	}

	/**
	 * Watches one key.
	 * @param key the key, UTF-8
	 * @param options start revision, filters and notifications
	 * @param listener receives the responses
	 * @return the open watch
	 */
	default Watch watch(String key, WatchOptions options, WatchListener listener) {
		return watch(KeyRange.key(key), options, listener);
	}

	/**
	 * Watches one key from "now".
	 * @param key the key, UTF-8
	 * @param listener receives the responses
	 * @return the open watch
	 */
	default Watch watch(String key, WatchListener listener) {
		return watch(KeyRange.key(key), WatchOptions.DEFAULT, listener);
	}

}
