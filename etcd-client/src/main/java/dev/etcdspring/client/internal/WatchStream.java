package dev.etcdspring.client.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.ResponseHeader;
import dev.etcdspring.client.error.CompactedException;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.event.StreamKind;
import dev.etcdspring.client.internal.proto.RpcProto;
import dev.etcdspring.client.internal.proto.RpcProto.WatchCancelRequest;
import dev.etcdspring.client.internal.proto.RpcProto.WatchProgressRequest;
import dev.etcdspring.client.internal.proto.RpcProto.WatchRequest;
import dev.etcdspring.client.internal.proto.WatchGrpc;
import dev.etcdspring.client.watch.WatchEvent;
import dev.etcdspring.client.watch.WatchOptions;
import dev.etcdspring.client.watch.WatchResponse;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * One bidirectional Watch stream carrying any number of watches, told apart by watch ids
 * the client chooses (etcd 3.4+), so creates are pipelined instead of waiting a round
 * trip each.
 *
 * <p>
 * Each watch has a {@link WatchRegistration} here: what the stream needs to create it
 * again (its id, next revision, fragments of a split response), guarded by the stream's
 * lock. Responses are converted and handed to each watch's own delivery queue
 * ({@link Watcher}); the reader never runs a listener. When the stream breaks with a
 * transient error it is reopened (see {@link ResumableStream}) and every watch is created
 * again from its next revision. A watch whose listener falls far behind is cancelled on
 * the server and created again from its next revision when the listener catches up. When
 * the last watch goes, the stream is cancelled.
 */
final class WatchStream extends ResumableStream<WatchRequest, RpcProto.WatchResponse> {

	private static final System.Logger log = System.getLogger(WatchStream.class.getName());

	private static final Metadata.Key<String> HAS_LEADER = Metadata.Key.of("hasleader",
			Metadata.ASCII_STRING_MARSHALLER);

	private final Namespace namespace;

	private final boolean requireLeader;

	@GuardedBy("lock")
	private final Map<Long, WatchRegistration> active = new HashMap<>();

	/**
	 * Watches whose create went out on this stream and is not answered yet, oldest first.
	 */
	@GuardedBy("lock")
	private final ArrayDeque<WatchRegistration> pendingCreates = new ArrayDeque<>();

	@GuardedBy("lock")
	private long nextWatchId = 1;

	WatchStream(Connection connection, Namespace namespace, boolean requireLeader) {
		super(connection, WatchGrpc.getWatchMethod(), "Watch", StreamKind.WATCH);
		this.namespace = namespace;
		this.requireLeader = requireLeader;
	}

	// ---------------------------------------------------------------- watches come and
	// go

	/**
	 * Registers a watch and creates it on the stream.
	 * @param watcher the watch's delivery side
	 * @param range the keys
	 * @param options the options
	 * @return the registration
	 */
	WatchRegistration add(Watcher watcher, KeyRange range, WatchOptions options) {
		WatchRegistration registration = new WatchRegistration(this, watcher, range, this.namespace.bounds(range),
				options);
		synchronized (this.lock) {
			if (this.connection.isClosed()) {
				EtcdException closed = Errors.closed("Watch", null);
				ended(registration, closed);
				watcher.fail(closed);
			}
			else {
				activate(registration);
			}
		}
		return registration;
	}

	/** Gives the watch a new id and creates it: on the open stream, or by opening one. */
	@GuardedBy("lock")
	@SuppressWarnings("GuardedBy") // see WatchRegistration: its state is guarded by this
									// stream's lock
	private void activate(WatchRegistration registration) {
		registration.id = this.nextWatchId++;
		this.active.put(registration.id, registration);
		if (isOpen()) {
			sendCreate(registration);
		}
		else {
			openIfNeeded();
		}
	}

	@SuppressWarnings("GuardedBy") // see WatchRegistration: its state is guarded by this
									// stream's lock
	void remove(WatchRegistration registration) {
		synchronized (this.lock) {
			if (this.active.remove(registration.id, registration)) {
				sendCancel(registration.id);
			}
			ended(registration, null);
			registration.suspended = false;
			cancelIfIdle();
		}
	}

	@SuppressWarnings("GuardedBy") // see WatchRegistration: its state is guarded by this
									// stream's lock
	void resume(WatchRegistration registration) {
		synchronized (this.lock) {
			if (!registration.suspended || !registration.watcher.isActive()) {
				return;
			}
			registration.suspended = false;
			activate(registration);
		}
	}

	void requestProgress() {
		synchronized (this.lock) {
			send(WatchRequest.newBuilder().setProgressRequest(WatchProgressRequest.getDefaultInstance()).build());
		}
	}

	// ---------------------------------------------------------------- the stream's
	// lifecycle

	@Override
	@GuardedBy("lock")
	protected boolean wanted() {
		return !this.active.isEmpty();
	}

	@Override
	protected Metadata headers() {
		Metadata headers = new Metadata();
		if (this.requireLeader) {
			headers.put(HAS_LEADER, "true");
		}
		return headers;
	}

	@Override
	@GuardedBy("lock")
	protected void opened(ClientCall<WatchRequest, RpcProto.WatchResponse> opened) {
		this.pendingCreates.clear();
		// the reader only hands responses to queues and never blocks, so it takes them as
		// they come;
		// asking for one message at a time would cost a thread hop per response
		opened.request(Integer.MAX_VALUE);
		for (WatchRegistration registration : this.active.values()) {
			sendCreate(registration);
		}
	}

	@Override
	protected boolean isTerminal(Status status) {
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

	@Override
	@GuardedBy("lock")
	protected void failAll(EtcdException error) {
		List<WatchRegistration> registrations = new ArrayList<>(this.active.values());
		this.active.clear();
		for (WatchRegistration registration : registrations) {
			ended(registration, error);
			registration.watcher.fail(error);
		}
	}

	/** Reports a watch's end to the client's listeners, once. */
	@GuardedBy("lock")
	@SuppressWarnings("GuardedBy") // see WatchRegistration: its state is guarded by this
									// stream's lock
	private void ended(WatchRegistration registration, @Nullable EtcdException error) {
		if (!registration.endReported) {
			registration.endReported = true;
			this.connection.events().watchEnded(registration.announced, error);
		}
	}

	@GuardedBy("lock")
	private void cancelIfIdle() {
		if (this.active.isEmpty()) {
			cancel("no watches left");
		}
	}

	@GuardedBy("lock")
	@SuppressWarnings("GuardedBy") // see WatchRegistration: its state is guarded by this
									// stream's lock
	private void sendCreate(WatchRegistration registration) {
		if (send(registration.createRequest())) {
			this.pendingCreates.add(registration);
		}
	}

	@GuardedBy("lock")
	private void sendCancel(long id) {
		send(WatchRequest.newBuilder().setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(id)).build());
	}

	// ---------------------------------------------------------------- responses

	@Override
	@GuardedBy("lock")
	@SuppressWarnings("GuardedBy") // see WatchRegistration: its state is guarded by this
									// stream's lock
	protected boolean received(RpcProto.WatchResponse response) {
		long id = response.getWatchId();
		if (response.getCreated() && response.getCanceled()) {
			String reason = Errors.unwrapReason(response.getCancelReason());
			if (reason.equals("etcdserver: permission denied")
					|| AuthTokens.isTokenRejected(Status.UNAUTHENTICATED.withDescription(reason))) {
				denied(id, reason);
				return false;
			}
		}
		if (id == -1) {
			// a progress notification for the whole stream: the store may be ahead of a
			// watch that is
			// still catching up, so it is delivered but never moves a watch's resume
			// revision
			var progress = new WatchResponse(Namespace.header(response.getHeader()), WatchResponse.Kind.PROGRESS,
					List.of());
			for (WatchRegistration registration : List.copyOf(this.active.values())) {
				registration.watcher.enqueue(progress);
			}
			return false;
		}
		WatchRegistration registration = this.active.get(id);
		if (registration == null) {
			if (!response.getCanceled()) {
				// not ours (any more): make sure the server stops sending it
				sendCancel(id);
			}
			return false;
		}
		if (response.getCompactRevision() != 0) {
			compacted(registration, response);
			return false;
		}
		if (response.getCreated()) {
			this.pendingCreates.removeFirstOccurrence(registration);
		}
		if (response.getCanceled()) {
			this.active.remove(id);
			String reason = Errors.unwrapReason(response.getCancelReason());
			EtcdException cancelled = reason.isEmpty()
					? new EtcdException("The server cancelled the watch on " + registration.range, null)
					: Errors.toException(Status.UNKNOWN.withDescription(reason), "Watch on " + registration.range,
							Duration.ZERO, 1);
			ended(registration, cancelled);
			registration.watcher.fail(cancelled);
			cancelIfIdle();
			return false;
		}
		var header = Namespace.header(response.getHeader());
		if (response.getCreated()) {
			created(registration, header);
			if (response.getEventsCount() == 0) {
				return false;
			}
		}
		List<WatchEvent> events = registration.assemble(this.namespace.events(response), response.getFragment());
		if (events == null) {
			return false;
		}
		WatchResponse delivered;
		if (events.isEmpty()) {
			// this watch's own progress notification: the server sends it only to watches
			// that
			// have caught up, so the revision is safe to resume from
			registration.nextRevision = Math.max(registration.nextRevision, header.revision() + 1);
			delivered = new WatchResponse(header, WatchResponse.Kind.PROGRESS, List.of());
		}
		else {
			this.connection.events().watchEventsReceived(events.size());
			registration.nextRevision = events.get(events.size() - 1).revision() + 1;
			delivered = new WatchResponse(header, WatchResponse.Kind.EVENTS, events);
		}
		if (registration.watcher.enqueue(delivered)) {
			suspend(registration);
		}
		return false;
	}

	@GuardedBy("lock")
	@SuppressWarnings("GuardedBy") // see WatchRegistration: its state is guarded by this
									// stream's lock
	private void created(WatchRegistration registration, ResponseHeader header) {
		registration.authRetried = false;
		if (!registration.announced) {
			registration.announced = true;
			this.connection.events().watchCreated();
		}
		else {
			this.connection.events().watchResumed();
		}
		if (registration.nextRevision == 0) {
			registration.nextRevision = header.revision() + 1;
		}
		registration.watcher.markCreated(registration.nextRevision);
		if (registration.options.createdNotify()) {
			registration.watcher.enqueue(new WatchResponse(header, WatchResponse.Kind.CREATED, List.of()));
		}
	}

	@GuardedBy("lock")
	@SuppressWarnings("GuardedBy") // see WatchRegistration: its state is guarded by this
									// stream's lock
	private void compacted(WatchRegistration registration, RpcProto.WatchResponse response) {
		this.active.remove(registration.id);
		if (!response.getCanceled()) {
			sendCancel(registration.id);
		}
		CompactedException compacted = new CompactedException(
				"The watch on " + registration.range + " needs revision " + registration.nextRevision
						+ ", which is compacted (the oldest stored revision is " + response.getCompactRevision()
						+ "): read the current state, then watch again from its revision + 1",
				response.getCompactRevision(), null, null, null);
		ended(registration, compacted);
		registration.watcher.fail(compacted);
		cancelIfIdle();
	}

	/**
	 * A create was denied (permission denied, or a rejected token). etcd 3.4 answers with
	 * watch id -1 and then stops reading the stream; it handles creates in order, so the
	 * denied watch is the oldest create still unanswered, and the stream must be
	 * replaced. With credentials, a stale token is the usual reason: the first denial of
	 * a watch re-authenticates instead.
	 */
	@GuardedBy("lock")
	@SuppressWarnings("GuardedBy") // see WatchRegistration: its state is guarded by this
									// stream's lock
	private void denied(long id, String reason) {
		WatchRegistration registration = (id != -1) ? this.active.get(id) : this.pendingCreates.peekFirst();
		if (registration == null) {
			restart("a watch create was denied");
			return;
		}
		this.pendingCreates.removeFirstOccurrence(registration);
		if (this.connection.auth().enabled() && !registration.authRetried) {
			registration.authRetried = true;
			restartWithFreshToken();
			return;
		}
		this.active.remove(registration.id);
		EtcdException denied = Errors.toException(Status.PERMISSION_DENIED.withDescription(reason),
				"Watch on " + registration.range, Duration.ZERO, 1);
		ended(registration, denied);
		registration.watcher.fail(denied);
		if (this.active.isEmpty()) {
			cancelIfIdle();
		}
		else {
			restart("the server stops reading a stream after a denied create");
		}
	}

	@GuardedBy("lock")
	@SuppressWarnings("GuardedBy") // see WatchRegistration: its state is guarded by this
									// stream's lock
	private void suspend(WatchRegistration registration) {
		this.active.remove(registration.id);
		registration.suspended = true;
		sendCancel(registration.id);
		log.log(System.Logger.Level.DEBUG, () -> registration.watcher + " suspended: its listener is "
				+ Watcher.HIGH_WATER_EVENTS + " events behind");
		cancelIfIdle();
	}

}
