package dev.etcdspring.client.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.etcdspring.client.error.CompactedException;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.internal.proto.Event;
import dev.etcdspring.client.internal.proto.WatchCancelRequest;
import dev.etcdspring.client.internal.proto.WatchCreateRequest;
import dev.etcdspring.client.internal.proto.WatchGrpc;
import dev.etcdspring.client.internal.proto.WatchProgressRequest;
import dev.etcdspring.client.internal.proto.WatchRequest;
import dev.etcdspring.client.internal.proto.WatchResponse;
import dev.etcdspring.client.watch.WatchEvent;
import dev.etcdspring.client.watch.WatchOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;

import org.jspecify.annotations.Nullable;

/**
 * One bidirectional Watch stream carrying any number of watches, told apart by watch ids the
 * client chooses (etcd 3.4+), so creates are pipelined instead of waiting a round trip each.
 *
 * <p>Responses are converted and handed to each watch's own queue; the reader never runs a
 * listener. When the stream breaks with a transient error it is reopened at once (backing off
 * on repeated failures) and every watch is re-created from its next revision. A watch whose
 * listener falls far behind is cancelled on the server and re-created from its next revision when
 * the listener catches up. When the last watch goes, the stream is cancelled (not half-closed,
 * which would leave the server's stream open).
 */
final class WatchStream {

	private static final System.Logger log = System.getLogger(WatchStream.class.getName());

	private static final Metadata.Key<String> HAS_LEADER = Metadata.Key.of("hasleader",
			Metadata.ASCII_STRING_MARSHALLER);

	private final Connection connection;

	private final Namespace namespace;

	private final boolean requireLeader;

	private final Object lock = new Object();

	// guarded by lock

	private final Map<Long, Watcher> active = new HashMap<>();

	/** Watches whose create went out on this stream and is not answered yet, oldest first. */
	private final ArrayDeque<Watcher> pendingCreates = new ArrayDeque<>();

	private @Nullable ClientCall<WatchRequest, WatchResponse> call;

	private long generation;

	private long nextWatchId = 1;

	private final Backoff backoff = new Backoff();

	private boolean reopenScheduled;

	private @Nullable String streamToken;

	WatchStream(Connection connection, Namespace namespace, boolean requireLeader) {
		this.connection = connection;
		this.namespace = namespace;
		this.requireLeader = requireLeader;
	}

	// ---------------------------------------------------------------- watches come and go

	void add(Watcher watcher) {
		synchronized (this.lock) {
			if (this.connection.isClosed()) {
				watcher.fail(Errors.closed("Watch", null));
				return;
			}
			activate(watcher);
		}
	}

	/** Gives the watch a new id and creates it: on the open stream, or by opening one. */
	private void activate(Watcher watcher) {
		watcher.id = this.nextWatchId++;
		this.active.put(watcher.id, watcher);
		if (this.call == null) {
			openIfNeeded();
		}
		else {
			sendCreate(watcher);
		}
	}

	void remove(Watcher watcher) {
		synchronized (this.lock) {
			if (this.active.remove(watcher.id, watcher) && this.call != null) {
				send(WatchRequest.newBuilder()
					.setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(watcher.id))
					.build());
			}
			watcher.suspended = false;
			closeIfIdle();
		}
	}

	void resume(Watcher watcher) {
		synchronized (this.lock) {
			if (!watcher.suspended || watcher.isClosed()) {
				return;
			}
			watcher.suspended = false;
			activate(watcher);
		}
	}

	void requestProgress() {
		synchronized (this.lock) {
			if (this.call != null) {
				send(WatchRequest.newBuilder().setProgressRequest(WatchProgressRequest.getDefaultInstance()).build());
			}
		}
	}

	// ---------------------------------------------------------------- the gRPC stream (under lock)

	private void openIfNeeded() {
		if (this.call != null || this.active.isEmpty() || this.reopenScheduled || this.connection.isClosed()) {
			return;
		}
		long current = ++this.generation;
		this.streamToken = this.connection.auth().token();
		Metadata headers = new Metadata();
		if (this.requireLeader) {
			headers.put(HAS_LEADER, "true");
		}
		ClientCall<WatchRequest, WatchResponse> opened = this.connection.startCall(WatchGrpc.getWatchMethod(),
				this.connection.callOptions(), new Listener(current), headers);
		this.call = opened;
		this.pendingCreates.clear();
		// the reader only hands responses to queues and never blocks, so it takes them as they come;
		// asking for one message at a time would cost a thread hop per response
		opened.request(Integer.MAX_VALUE);
		for (Watcher watcher : this.active.values()) {
			sendCreate(watcher);
		}
	}

	private void sendCreate(Watcher watcher) {
		send(create(watcher));
		this.pendingCreates.add(watcher);
	}

	/** Replaces the stream; every watch is created again from its next revision, so nothing is lost. */
	private void restart(String reason) {
		ClientCall<WatchRequest, WatchResponse> stale = this.call;
		if (stale != null) {
			this.call = null;
			this.generation++;
			stale.cancel(reason, null);
		}
		openIfNeeded();
	}

	private void closeIfIdle() {
		if (this.active.isEmpty() && this.call != null) {
			ClientCall<WatchRequest, WatchResponse> idle = this.call;
			this.call = null;
			this.generation++;
			// cancel, not half-close: a half-closed watch stream stays open on the server
			idle.cancel("no watches left", null);
		}
	}

	private void send(WatchRequest request) {
		ClientCall<WatchRequest, WatchResponse> current = this.call;
		if (current != null) {
			current.sendMessage(request);
		}
	}

	private WatchRequest create(Watcher watcher) {
		WatchOptions options = watcher.options;
		WatchCreateRequest.Builder create = WatchCreateRequest.newBuilder()
			.setKey(watcher.bounds.key())
			.setRangeEnd(watcher.bounds.end())
			.setStartRevision(watcher.nextRevision)
			.setWatchId(watcher.id)
			.setPrevKv(options.prevKv())
			.setProgressNotify(options.progressNotify())
			.setFragment(options.fragment());
		if (options.noPut()) {
			create.addFilters(WatchCreateRequest.FilterType.NOPUT);
		}
		if (options.noDelete()) {
			create.addFilters(WatchCreateRequest.FilterType.NODELETE);
		}
		return WatchRequest.newBuilder().setCreateRequest(create).build();
	}

	// ---------------------------------------------------------------- responses

	private final class Listener extends ClientCall.Listener<WatchResponse> {

		private final long generation;

		Listener(long generation) {
			this.generation = generation;
		}

		@Override
		public void onMessage(WatchResponse message) {
			synchronized (WatchStream.this.lock) {
				if (this.generation != WatchStream.this.generation) {
					return;
				}
				WatchStream.this.backoff.reset();
				handle(message);
			}
		}

		@Override
		public void onClose(Status status, Metadata trailers) {
			synchronized (WatchStream.this.lock) {
				if (this.generation != WatchStream.this.generation) {
					return;
				}
				WatchStream.this.call = null;
				streamClosed(status);
			}
		}

	}

	private void handle(WatchResponse response) {
		long id = response.getWatchId();
		if (response.getCreated() && response.getCanceled()) {
			String reason = Errors.unwrapReason(response.getCancelReason());
			if (reason.equals("etcdserver: permission denied")
					|| AuthTokens.isTokenRejected(Status.UNAUTHENTICATED.withDescription(reason))) {
				denied(id, reason);
				return;
			}
		}
		if (id == -1) {
			// a progress notification for the whole stream: the store may be ahead of a watch that is
			// still catching up, so it is delivered but never moves a watch's resume revision
			var progress = new dev.etcdspring.client.watch.WatchResponse(Namespace.header(response.getHeader()),
					dev.etcdspring.client.watch.WatchResponse.Kind.PROGRESS, List.of());
			for (Watcher watcher : List.copyOf(this.active.values())) {
				watcher.enqueue(progress);
			}
			return;
		}
		Watcher watcher = this.active.get(id);
		if (watcher == null) {
			if (!response.getCanceled() && this.call != null) {
				// not ours (any more): make sure the server stops sending it
				send(WatchRequest.newBuilder().setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(id)).build());
			}
			return;
		}
		if (response.getCompactRevision() != 0) {
			this.active.remove(id);
			if (!response.getCanceled()) {
				send(WatchRequest.newBuilder().setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(id)).build());
			}
			watcher.fail(new CompactedException("The watch on " + watcher.range + " needs revision "
					+ watcher.nextRevision + ", which is compacted (the oldest stored revision is "
					+ response.getCompactRevision() + "): read the current state, then watch again from its "
					+ "revision + 1", response.getCompactRevision(), null, null, null));
			closeIfIdle();
			return;
		}
		if (response.getCreated()) {
			this.pendingCreates.removeFirstOccurrence(watcher);
		}
		if (response.getCanceled()) {
			this.active.remove(id);
			String reason = Errors.unwrapReason(response.getCancelReason());
			watcher.fail(reason.isEmpty()
					? new EtcdException("The server cancelled the watch on " + watcher.range, null)
					: Errors.toException(Status.UNKNOWN.withDescription(reason), "Watch on " + watcher.range,
							java.time.Duration.ZERO, 1));
			closeIfIdle();
			return;
		}
		var header = Namespace.header(response.getHeader());
		if (response.getCreated()) {
			watcher.authRetried = false;
			if (watcher.nextRevision == 0) {
				watcher.nextRevision = header.revision() + 1;
			}
			watcher.markCreated(watcher.nextRevision);
			if (watcher.options.createdNotify()) {
				watcher.enqueue(new dev.etcdspring.client.watch.WatchResponse(header,
						dev.etcdspring.client.watch.WatchResponse.Kind.CREATED, List.of()));
			}
			if (response.getEventsCount() == 0) {
				return;
			}
		}
		List<WatchEvent> events = events(response);
		if (response.getFragment()) {
			watcher.addFragment(events);
			return;
		}
		events = watcher.takeFragments(events);
		dev.etcdspring.client.watch.WatchResponse delivered;
		if (events.isEmpty()) {
			// this watch's own progress notification: the server sends it only to watches that
			// have caught up, so the revision is safe to resume from
			watcher.nextRevision = Math.max(watcher.nextRevision, header.revision() + 1);
			delivered = new dev.etcdspring.client.watch.WatchResponse(header,
					dev.etcdspring.client.watch.WatchResponse.Kind.PROGRESS, List.of());
		}
		else {
			watcher.nextRevision = events.get(events.size() - 1).revision() + 1;
			delivered = new dev.etcdspring.client.watch.WatchResponse(header,
					dev.etcdspring.client.watch.WatchResponse.Kind.EVENTS, events);
		}
		if (watcher.enqueue(delivered)) {
			suspend(watcher);
		}
	}

	/**
	 * A create was denied (permission denied, or a rejected token). etcd 3.4 answers with watch id -1
	 * and then stops reading the stream; it handles creates in order, so the denied watch is the
	 * oldest create still unanswered, and the stream must be replaced. With credentials, a stale
	 * token is the usual reason: the first denial of a watch re-authenticates instead.
	 */
	private void denied(long id, String reason) {
		Watcher watcher = (id != -1) ? this.active.get(id) : this.pendingCreates.peekFirst();
		if (watcher == null) {
			restart("a watch create was denied");
			return;
		}
		this.pendingCreates.removeFirstOccurrence(watcher);
		if (this.connection.auth().enabled() && !watcher.authRetried) {
			watcher.authRetried = true;
			restartWithFreshToken();
			return;
		}
		this.active.remove(watcher.id);
		watcher.fail(Errors.toException(Status.PERMISSION_DENIED.withDescription(reason), "Watch on " + watcher.range,
				java.time.Duration.ZERO, 1));
		if (this.active.isEmpty()) {
			closeIfIdle();
		}
		else {
			restart("the server stops reading a stream after a denied create");
		}
	}

	private void restartWithFreshToken() {
		long staleGeneration = this.generation;
		this.connection.reauthenticate(this.streamToken, () -> {
			synchronized (this.lock) {
				if (this.generation == staleGeneration && this.call != null) {
					restart("reopening with a fresh auth token");
				}
			}
		}, (error) -> {
			synchronized (this.lock) {
				failAll(error);
			}
		});
	}

	private void suspend(Watcher watcher) {
		this.active.remove(watcher.id);
		watcher.suspended = true;
		send(WatchRequest.newBuilder().setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(watcher.id)).build());
		log.log(System.Logger.Level.DEBUG, () -> watcher + " suspended: its listener is " + Watcher.HIGH_WATER_EVENTS
				+ " events behind");
		closeIfIdle();
	}

	private List<WatchEvent> events(WatchResponse response) {
		List<WatchEvent> events = new ArrayList<>(response.getEventsCount());
		for (Event event : response.getEventsList()) {
			events.add(new WatchEvent(
					(event.getType() == Event.EventType.DELETE) ? WatchEvent.Type.DELETE : WatchEvent.Type.PUT,
					this.namespace.keyValue(event.getKv()),
					event.hasPrevKv() ? this.namespace.keyValue(event.getPrevKv()) : null));
		}
		return events;
	}

	// ---------------------------------------------------------------- breaks and reconnects (under lock)

	private void streamClosed(Status status) {
		if (this.connection.isClosed()) {
			failAll(Errors.closed("Watch", status.asRuntimeException()));
			return;
		}
		boolean tokenRejected = this.connection.auth().enabled() && AuthTokens.isTokenRejected(status);
		if (!tokenRejected && isTerminal(status)) {
			failAll(Errors.toException(status, "Watch", java.time.Duration.ZERO, 1));
			return;
		}
		if (this.active.isEmpty()) {
			return;
		}
		long delay = this.backoff.nextDelayNanos();
		log.log((delay == 0) ? System.Logger.Level.DEBUG : System.Logger.Level.INFO,
				() -> "Watch stream broke (" + status.getCode() + ": " + status.getDescription() + "); reopening "
						+ this.active.size() + " watches" + ((delay == 0) ? "" : " in " + delay / 1_000_000 + " ms"));
		this.reopenScheduled = true;
		this.connection.reopenStream(status, this.streamToken, delay, this::reopen, (error) -> {
			synchronized (this.lock) {
				this.reopenScheduled = false;
				failAll(error);
			}
		});
	}

	private void reopen() {
		synchronized (this.lock) {
			this.reopenScheduled = false;
			if (this.connection.isClosed()) {
				failAll(Errors.closed("Watch", null));
				return;
			}
			openIfNeeded();
		}
	}

	private boolean isTerminal(Status status) {
		String description = (status.getDescription() != null) ? status.getDescription() : "";
		if (description.equals("etcdserver: no leader")) {
			// only a require-leader stream is ended by the server for this
			return true;
		}
		return switch (status.getCode()) {
			case PERMISSION_DENIED, INVALID_ARGUMENT, UNIMPLEMENTED, FAILED_PRECONDITION, OUT_OF_RANGE,
					RESOURCE_EXHAUSTED, UNAUTHENTICATED ->
				true;
			default -> false;
		};
	}

	private void failAll(EtcdException error) {
		List<Watcher> watchers = new ArrayList<>(this.active.values());
		this.active.clear();
		for (Watcher watcher : watchers) {
			watcher.fail(error);
		}
	}

}
