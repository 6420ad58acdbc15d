package dev.etcdspring.listener;

import dev.etcdspring.client.watch.WatchEvent;

/**
 * Where a listener is in the history: the first revision not wholly delivered yet and how
 * many of its events were, so that a new watch resumes exactly after the last event
 * delivered (the events of one revision arrive together in the watch's first response,
 * where the delivered ones are skipped). Not thread-safe: guarded by its watch feed.
 */
final class Position {

	private long next;

	private int deliveredOfNext;

	private int toSkip;

	private long last;

	/**
	 * Whether a watch can resume from here (false before the first start has positioned
	 * it).
	 * @return whether the position is known
	 */
	boolean isKnown() {
		return this.next > 0;
	}

	long resumeFrom() {
		return this.next;
	}

	/**
	 * A watch opens from a revision.
	 * @param from its first revision
	 * @param resume whether it resumes from this position, so that delivered events are
	 * skipped
	 */
	void opening(long from, boolean resume) {
		this.toSkip = (resume && from == this.next) ? this.deliveredOfNext : 0;
	}

	/**
	 * A watch from "now" was created: its first revision is the position if none is known
	 * yet.
	 * @param firstRevision the first revision the watch delivers
	 */
	void created(long firstRevision) {
		if (this.next == 0) {
			this.next = firstRevision;
			this.deliveredOfNext = 0;
		}
	}

	/**
	 * Whether an event of a resumed watch's first response was delivered before.
	 * @param event the event
	 * @return whether to skip it
	 */
	boolean skipDelivered(WatchEvent event) {
		if (this.toSkip > 0 && event.revision() == this.next) {
			this.toSkip--;
			return true;
		}
		return false;
	}

	void delivered(WatchEvent event) {
		long revision = event.revision();
		if (revision == this.next) {
			this.deliveredOfNext++;
		}
		else if (revision > this.next) {
			this.next = revision;
			this.deliveredOfNext = 1;
		}
		this.last = Math.max(this.last, revision);
	}

	/**
	 * Everything up to a revision is delivered.
	 * @param revision the revision
	 */
	void completed(long revision) {
		this.next = revision + 1;
		this.deliveredOfNext = 0;
		this.toSkip = 0;
		this.last = Math.max(this.last, revision);
	}

	/** The next start begins afresh. */
	void forget() {
		this.next = 0;
		this.deliveredOfNext = 0;
		this.toSkip = 0;
	}

	long lastRevision() {
		return this.last;
	}

}
