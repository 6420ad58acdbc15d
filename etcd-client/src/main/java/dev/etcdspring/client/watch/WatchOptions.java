package dev.etcdspring.client.watch;

/**
 * How a watch behaves; {@link #DEFAULT} watches from "now" with no filters. Immutable:
 * each {@code with…} method returns a new value.
 *
 * @param startRevision the first revision to deliver; 0 for changes after the watch is
 * created
 * @param prevKv whether events carry the key's previous state
 * @param noPut whether to leave out puts
 * @param noDelete whether to leave out deletes
 * @param progressNotify whether the server sends periodic
 * {@link WatchResponse.Kind#PROGRESS} responses while nothing changes (they also let a
 * resumed watch skip ahead safely)
 * @param fragment whether the server may split very large responses (the client joins
 * them again, so listeners always see whole responses)
 * @param createdNotify whether the listener receives a {@link WatchResponse.Kind#CREATED}
 * response
 * @param requireLeader whether the watch ends with
 * {@link dev.etcdspring.client.error.NoLeaderException} when its member loses the leader,
 * instead of waiting silently (such watches share a stream of their own)
 */
public record WatchOptions(long startRevision, boolean prevKv, boolean noPut, boolean noDelete, boolean progressNotify,
		boolean fragment, boolean createdNotify, boolean requireLeader) {

	/** Changes after the watch is created, every event type, no extras. */
	public static final WatchOptions DEFAULT = new WatchOptions(0, false, false, false, false, false, false, false);

	/**
	 * Checks the arguments.
	 * @param startRevision the first revision, 0 for "now"
	 * @param prevKv whether events carry the previous state
	 * @param noPut whether to leave out puts
	 * @param noDelete whether to leave out deletes
	 * @param progressNotify whether to receive progress notifications
	 * @param fragment whether large responses may be split
	 * @param createdNotify whether to receive the creation
	 * @param requireLeader whether to end when the member loses its leader
	 */
	public WatchOptions {
		if (startRevision < 0) {
			throw new IllegalArgumentException("startRevision must not be negative, was " + startRevision);
		}
	}

	/**
	 * Delivers history from this revision on (it must not be compacted yet).
	 * @param revision the first revision; 0 for "now"
	 * @return new options
	 */
	public WatchOptions withStartRevision(long revision) {
		return new WatchOptions(revision, this.prevKv, this.noPut, this.noDelete, this.progressNotify, this.fragment,
				this.createdNotify, this.requireLeader);
	}

	/**
	 * Events carry the key's previous state.
	 * @return new options
	 */
	public WatchOptions withPrevKv() {
		return new WatchOptions(this.startRevision, true, this.noPut, this.noDelete, this.progressNotify, this.fragment,
				this.createdNotify, this.requireLeader);
	}

	/**
	 * Puts are left out.
	 * @return new options
	 */
	public WatchOptions withNoPut() {
		return new WatchOptions(this.startRevision, this.prevKv, true, this.noDelete, this.progressNotify,
				this.fragment, this.createdNotify, this.requireLeader);
	}

	/**
	 * Deletes are left out.
	 * @return new options
	 */
	public WatchOptions withNoDelete() {
		return new WatchOptions(this.startRevision, this.prevKv, this.noPut, true, this.progressNotify, this.fragment,
				this.createdNotify, this.requireLeader);
	}

	/**
	 * The server sends progress notifications while nothing changes.
	 * @return new options
	 */
	public WatchOptions withProgressNotify() {
		return new WatchOptions(this.startRevision, this.prevKv, this.noPut, this.noDelete, true, this.fragment,
				this.createdNotify, this.requireLeader);
	}

	/**
	 * The server may split very large responses; the client joins them.
	 * @return new options
	 */
	public WatchOptions withFragment() {
		return new WatchOptions(this.startRevision, this.prevKv, this.noPut, this.noDelete, this.progressNotify, true,
				this.createdNotify, this.requireLeader);
	}

	/**
	 * The listener receives a {@link WatchResponse.Kind#CREATED} response.
	 * @return new options
	 */
	public WatchOptions withCreatedNotify() {
		return new WatchOptions(this.startRevision, this.prevKv, this.noPut, this.noDelete, this.progressNotify,
				this.fragment, true, this.requireLeader);
	}

	/**
	 * The watch ends with {@link dev.etcdspring.client.error.NoLeaderException} when its
	 * member loses the leader.
	 * @return new options
	 */
	public WatchOptions withRequireLeader() {
		return new WatchOptions(this.startRevision, this.prevKv, this.noPut, this.noDelete, this.progressNotify,
				this.fragment, this.createdNotify, true);
	}

}
