package dev.etcdspring.client.watch;

import java.util.List;

import dev.etcdspring.client.ResponseHeader;

/**
 * What a watch delivers: the events of one or more revisions, in revision order, or a
 * notification without events.
 *
 * @param header the response header; for a progress notification its revision is the
 * store's revision, and every later event has a higher one
 * @param kind events, a progress notification, or the creation of the watch
 * @param events the changes, in revision order; empty unless {@code kind} is
 * {@link Kind#EVENTS}
 */
public record WatchResponse(ResponseHeader header, Kind kind, List<WatchEvent> events) {

	/** What a response carries. */
	public enum Kind {

		/** One or more changes. */
		EVENTS,

		/**
		 * No change: the server reports its revision, because the watch asked for
		 * progress notifications or {@link Watch#requestProgress()} was called.
		 */
		PROGRESS,

		/**
		 * The watch was created on the server (only when asked for with created notify).
		 */
		CREATED

	}

	/**
	 * Copies the list.
	 * @param header the response header
	 * @param kind what the response carries
	 * @param events the changes
	 */
	public WatchResponse {
		events = List.copyOf(events);
	}

}
