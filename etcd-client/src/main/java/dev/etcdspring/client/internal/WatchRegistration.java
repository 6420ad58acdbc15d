package dev.etcdspring.client.internal;

import java.util.ArrayList;
import java.util.List;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.internal.proto.RpcProto.WatchCreateRequest;
import dev.etcdspring.client.internal.proto.RpcProto.WatchRequest;
import dev.etcdspring.client.watch.WatchEvent;
import dev.etcdspring.client.watch.WatchOptions;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link WatchStream} knows of one watch: what it needs to create the watch again.
 * All but the next revision are guarded by the stream's lock. Error Prone checks the
 * fields of the stream itself; it cannot tell that a registration belongs to the stream
 * whose lock is held, so the stream's methods that touch a registration's state say so
 * with a suppression (a registration is only ever handled by the stream that created it).
 */
final class WatchRegistration {

	/**
	 * The stream that created this registration; named so that the fields can name its
	 * lock.
	 */
	final WatchStream stream;

	final Watcher watcher;

	final Namespace.Bounds bounds;

	final WatchOptions options;

	final KeyRange range;

	@GuardedBy("stream.lock")
	long id;

	/**
	 * Written under the stream's lock; read without it by {@link Watcher#nextRevision()}.
	 */
	volatile long nextRevision;

	@GuardedBy("stream.lock")
	boolean suspended;

	/**
	 * Whether a "permission denied" already made the stream authenticate again for this
	 * watch.
	 */
	@GuardedBy("stream.lock")
	boolean authRetried;

	@GuardedBy("stream.lock")
	@Nullable List<WatchEvent> fragments;

	/**
	 * Whether the server confirmed the watch's creation once (later creations are
	 * resumes).
	 */
	@GuardedBy("stream.lock")
	boolean announced;

	/** Whether the watch's end was reported to the client's listeners. */
	@GuardedBy("stream.lock")
	boolean endReported;

	WatchRegistration(WatchStream stream, Watcher watcher, KeyRange range, Namespace.Bounds bounds,
			WatchOptions options) {
		this.stream = stream;
		this.watcher = watcher;
		this.range = range;
		this.bounds = bounds;
		this.options = options;
		this.nextRevision = options.startRevision();
	}

	/**
	 * The request that creates the watch under its current id, from its next revision.
	 * @return the create request
	 */
	@GuardedBy("stream.lock")
	WatchRequest createRequest() {
		WatchCreateRequest.Builder create = WatchCreateRequest.newBuilder()
			.setKey(this.bounds.key())
			.setRangeEnd(this.bounds.end())
			.setStartRevision(this.nextRevision)
			.setWatchId(this.id)
			.setPrevKv(this.options.prevKv())
			.setProgressNotify(this.options.progressNotify())
			.setFragment(this.options.fragment());
		if (this.options.noPut()) {
			create.addFilters(WatchCreateRequest.FilterType.NOPUT);
		}
		if (this.options.noDelete()) {
			create.addFilters(WatchCreateRequest.FilterType.NODELETE);
		}
		return WatchRequest.newBuilder().setCreateRequest(create).build();
	}

	/**
	 * Takes the events of one response to the watch, which may be one fragment of a
	 * response the server split.
	 * @param events the response's events
	 * @param fragment whether more fragments of the same response follow
	 * @return the events of the whole response, or {@code null} while fragments are still
	 * to come
	 */
	@GuardedBy("stream.lock")
	@Nullable List<WatchEvent> assemble(List<WatchEvent> events, boolean fragment) {
		if (fragment) {
			if (this.fragments == null) {
				this.fragments = new ArrayList<>(events);
			}
			else {
				this.fragments.addAll(events);
			}
			return null;
		}
		List<WatchEvent> collected = this.fragments;
		if (collected == null) {
			return events;
		}
		this.fragments = null;
		collected.addAll(events);
		return collected;
	}

}
