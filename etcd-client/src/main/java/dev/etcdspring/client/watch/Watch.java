package dev.etcdspring.client.watch;

import java.util.concurrent.CompletableFuture;

/**
 * An open watch. Closing it stops delivery and cancels it on the server. Thread-safe.
 */
public interface Watch extends AutoCloseable {

	/**
	 * Completes once the server has created the watch, with the first revision the watch
	 * delivers: the start revision asked for, or, for a watch from "now", the store's
	 * revision at creation + 1. Fails with the watch's error if it ends before it is
	 * created.
	 * @return the future
	 */
	CompletableFuture<Long> created();

	/**
	 * The revision the watch would resume from after a reconnect: the last delivered
	 * event's revision + 1, or a later revision a progress notification vouched for.
	 * @return the next revision, or 0 before creation of a watch from "now"
	 */
	long nextRevision();

	/**
	 * Asks the server for a progress notification ({@link WatchResponse.Kind#PROGRESS})
	 * on the watch's stream. The notification reaches every watch sharing the stream.
	 */
	void requestProgress();

	/**
	 * Whether the watch still delivers: neither closed nor ended by an error.
	 * @return whether more responses may come
	 */
	boolean isActive();

	/**
	 * Completes when the watch ends: normally after {@link #close()}, exceptionally with
	 * the reason when it ends for any other reason (the error the listener received in
	 * {@link WatchListener#onError}). Never completes while it is active.
	 * @return the future
	 */
	CompletableFuture<Void> ended();

	/** Stops delivery and cancels the watch on the server. Idempotent. */
	@Override
	void close();

}
