package dev.etcdspring.client.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.error.LeaseNotFoundException;
import dev.etcdspring.client.event.StreamKind;
import dev.etcdspring.client.internal.proto.LeaseGrpc;
import dev.etcdspring.client.internal.proto.RpcProto.LeaseKeepAliveRequest;
import dev.etcdspring.client.internal.proto.RpcProto.LeaseKeepAliveResponse;
import dev.etcdspring.client.lease.KeepAlive;
import dev.etcdspring.client.lease.KeepAliveListener;
import dev.etcdspring.client.lease.LeaseRenewal;
import io.grpc.ClientCall;
import io.grpc.Status;

/**
 * Keeps leases alive over one LeaseKeepAlive stream for the whole client.
 *
 * <p>
 * A timer ticks every {@value #TICK_MILLIS} ms while leases are kept: a lease is renewed
 * a third of its TTL after its last renewal, and again every {@value #RESEND_MILLIS} ms
 * while no answer comes. A keep-alive goes on until the server says the lease is gone (a
 * reply with TTL ≤ 0): time without an answer proves nothing, since a new leader extends
 * every lease when it takes over, and after a slow election the lease may well still
 * exist. Whoever must stop acting when the lease may have expired (a lock holder) watches
 * {@link Handle#safeUntilNanos()}: the time until which the lease certainly lives,
 * counted from the sending of the last answered request. A broken stream is reopened (see
 * {@link ResumableStream}) and due renewals go out right away; a stream whose member
 * stops answering (frozen, or cut off from its peers, with its connection still up) is
 * moved to another member after {@link #stallNanos(long)}.
 */
final class LeaseKeeper extends ResumableStream<LeaseKeepAliveRequest, LeaseKeepAliveResponse> {

	private static final System.Logger log = System.getLogger(LeaseKeeper.class.getName());

	static final long TICK_MILLIS = 250;

	static final long RESEND_MILLIS = 500;

	private static final int MAX_UNANSWERED = 8;

	@GuardedBy("lock")
	private final Map<Long, Entry> entries = new HashMap<>();

	@GuardedBy("lock")
	private boolean ticking;

	/**
	 * Whether a stuck stream was reported since the last answer: one line per episode,
	 * not a storm.
	 */
	@GuardedBy("lock")
	private boolean stallReported;

	LeaseKeeper(Connection connection) {
		super(connection, LeaseGrpc.getLeaseKeepAliveMethod(), "LeaseKeepAlive", StreamKind.LEASE_KEEP_ALIVE);
	}

	/** One lease and the handles keeping it alive. Guarded by the keeper's lock. */
	private static final class Entry {

		final long id;

		final List<Handle> handles = new ArrayList<>(1);

		long nextSendNanos;

		/** The TTL of the last renewal, or 0 before the first. */
		long ttlNanos;

		/**
		 * When the requests not answered yet were sent, oldest first (the server answers
		 * each request, in order). At most {@value #MAX_UNANSWERED} are remembered: an
		 * answer to a later one is then dated by an earlier sending, which errs on the
		 * safe side.
		 */
		final ArrayDeque<Long> unanswered = new ArrayDeque<>(2);

		Entry(long id, long now) {
			this.id = id;
			this.nextSendNanos = now;
		}

	}

	/** The user's handle on one kept-alive lease. */
	final class Handle implements KeepAlive {

		private final long leaseId;

		private final KeepAliveListener listener;

		private final SerialExecutor callbacks;

		private final CompletableFuture<Void> ended = new CompletableFuture<>();

		private volatile boolean active = true;

		private volatile long safeUntilNanos;

		Handle(long leaseId, KeepAliveListener listener, long safeUntilNanos) {
			this.leaseId = leaseId;
			this.listener = listener;
			this.safeUntilNanos = safeUntilNanos;
			this.callbacks = new SerialExecutor(LeaseKeeper.this.connection::execute);
		}

		@Override
		public long leaseId() {
			return this.leaseId;
		}

		@Override
		public CompletableFuture<Void> ended() {
			return this.ended;
		}

		@Override
		public boolean isActive() {
			return this.active;
		}

		/**
		 * Until when the lease certainly lives: the sending of the last answered renewal
		 * plus the TTL it was renewed to (or what the handle was created with).
		 * @return a {@link System#nanoTime()} value
		 */
		long safeUntilNanos() {
			return this.safeUntilNanos;
		}

		@Override
		public void close() {
			if (this.active) {
				this.active = false;
				LeaseKeeper.this.connection.events().keepAliveEnded(this.leaseId);
				LeaseKeeper.this.remove(this);
				this.ended.complete(null);
			}
		}

		void renewed(LeaseRenewal renewal, long safeUntil) {
			this.safeUntilNanos = safeUntil;
			this.callbacks.execute(() -> {
				if (this.active) {
					this.listener.onRenewed(renewal);
				}
			});
		}

		void end(EtcdException reason) {
			if (!this.active) {
				return;
			}
			this.active = false;
			LeaseKeeper.this.connection.events().keepAliveEnded(this.leaseId);
			this.callbacks.execute(() -> {
				try {
					this.listener.onEnded(reason);
				}
				finally {
					this.ended.completeExceptionally(reason);
				}
			});
		}

	}

	KeepAlive keepAlive(long leaseId, KeepAliveListener listener) {
		return keepAlive(leaseId, listener, System.nanoTime());
	}

	/**
	 * Starts keeping a lease alive.
	 * @param leaseId the lease
	 * @param listener hears renewals and the end
	 * @param safeUntilNanos until when the lease is known to live before the first
	 * renewal
	 * @return the handle
	 */
	Handle keepAlive(long leaseId, KeepAliveListener listener, long safeUntilNanos) {
		Handle handle = new Handle(leaseId, listener, safeUntilNanos);
		this.connection.events().keepAliveStarted(leaseId);
		synchronized (this.lock) {
			if (this.connection.isClosed()) {
				handle.end(Errors.closed("LeaseKeepAlive", null));
				return handle;
			}
			long now = System.nanoTime();
			Entry entry = this.entries.computeIfAbsent(leaseId, (id) -> new Entry(id, now));
			entry.handles.add(handle);
			entry.nextSendNanos = now;
			if (isOpen()) {
				sendRenewal(entry, now);
			}
			else {
				openIfNeeded();
			}
			if (!this.ticking) {
				this.ticking = true;
				this.connection.schedule(this::tick, TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
			}
		}
		return handle;
	}

	private void remove(Handle handle) {
		synchronized (this.lock) {
			Entry entry = this.entries.get(handle.leaseId);
			if (entry != null && entry.handles.remove(handle) && entry.handles.isEmpty()) {
				this.entries.remove(handle.leaseId);
			}
			cancelIfIdle();
		}
	}

	// ---------------------------------------------------------------- the stream's
	// lifecycle

	@Override
	@GuardedBy("lock")
	protected boolean wanted() {
		return !this.entries.isEmpty();
	}

	@Override
	@GuardedBy("lock")
	protected void opened(ClientCall<LeaseKeepAliveRequest, LeaseKeepAliveResponse> opened) {
		opened.request(1);
		long now = System.nanoTime();
		for (Entry entry : this.entries.values()) {
			// what was sent on the broken stream will not be answered
			entry.unanswered.clear();
			if (entry.nextSendNanos - now <= 0) {
				sendRenewal(entry, now);
			}
		}
	}

	@Override
	protected boolean isTerminal(Status status) {
		// nothing ends a keep-alive but the server saying the lease is gone
		return false;
	}

	@Override
	@GuardedBy("lock")
	protected void failAll(EtcdException reason) {
		List<Entry> all = new ArrayList<>(this.entries.values());
		this.entries.clear();
		for (Entry entry : all) {
			entry.handles.forEach((h) -> h.end(reason));
		}
	}

	@GuardedBy("lock")
	private void sendRenewal(Entry entry, long now) {
		if (!entry.unanswered.isEmpty()) {
			// the last renewal sent on this stream got no answer within RESEND_MILLIS
			this.connection.events().keepAliveFailed(entry.id);
		}
		if (send(LeaseKeepAliveRequest.newBuilder().setID(entry.id).build())) {
			entry.nextSendNanos = now + TimeUnit.MILLISECONDS.toNanos(RESEND_MILLIS);
			if (entry.unanswered.size() < MAX_UNANSWERED) {
				entry.unanswered.add(now);
			}
		}
	}

	@GuardedBy("lock")
	private void cancelIfIdle() {
		if (this.entries.isEmpty()) {
			cancel("no leases left to keep alive");
		}
	}

	/**
	 * How long a renewal may go unanswered before the stream's member counts as stuck: a
	 * third of the TTL, between 1 and 5 s (2 s before the TTL is known). A member frozen
	 * by its machine (a long pause, SIGSTOP) keeps its TCP connection, so nothing else
	 * would move the stream, and the leases would expire while other members could renew
	 * them.
	 */
	static long stallNanos(long ttlNanos) {
		if (ttlNanos <= 0) {
			return TimeUnit.SECONDS.toNanos(2);
		}
		return Math.max(TimeUnit.SECONDS.toNanos(1), Math.min(ttlNanos / 3, TimeUnit.SECONDS.toNanos(5)));
	}

	private void tick() {
		synchronized (this.lock) {
			if (this.connection.isClosed()) {
				this.ticking = false;
				failAll(Errors.closed("LeaseKeepAlive", null));
				return;
			}
			long now = System.nanoTime();
			if (isOpen() && stalled(now)) {
				// a new stream goes to the next member in the round
				log.log(this.stallReported ? System.Logger.Level.DEBUG : System.Logger.Level.INFO,
						"No keep-alive answer from the stream's etcd member for a third of a lease's TTL; "
								+ "moving the keep-alive stream to another member");
				this.stallReported = true;
				restart("no keep-alive answer: trying another member");
			}
			for (Entry entry : this.entries.values()) {
				if (entry.nextSendNanos - now <= 0) {
					sendRenewal(entry, now);
				}
			}
			if (this.entries.isEmpty()) {
				this.ticking = false;
			}
			else {
				this.connection.schedule(this::tick, TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
			}
		}
	}

	@GuardedBy("lock")
	private boolean stalled(long now) {
		for (Entry entry : this.entries.values()) {
			Long oldest = entry.unanswered.peek();
			if (oldest != null && now - oldest > stallNanos(entry.ttlNanos)) {
				return true;
			}
		}
		return false;
	}

	@Override
	@GuardedBy("lock")
	protected boolean received(LeaseKeepAliveResponse response) {
		Entry entry = this.entries.get(response.getID());
		if (entry == null) {
			return true;
		}
		if (response.getTTL() <= 0) {
			this.entries.remove(entry.id);
			LeaseNotFoundException gone = new LeaseNotFoundException("Lease " + Long.toHexString(entry.id)
					+ " no longer exists on the server: it expired or was revoked", null, null, null);
			this.connection.events().leaseLost(entry.id, gone);
			entry.handles.forEach((h) -> h.end(gone));
			cancelIfIdle();
			return true;
		}
		long now = System.nanoTime();
		long ttl = TimeUnit.SECONDS.toNanos(response.getTTL());
		// the server renewed the lease after the request was sent: a safe lower bound
		Long sent = entry.unanswered.poll();
		long renewedAt = (sent != null) ? sent : now;
		entry.nextSendNanos = now + ttl / 3;
		entry.ttlNanos = ttl;
		this.stallReported = false;
		this.connection.events().leaseRenewed(entry.id, response.getTTL());
		LeaseRenewal renewal = new LeaseRenewal(Namespace.header(response.getHeader()), entry.id, response.getTTL());
		entry.handles.forEach((h) -> h.renewed(renewal, renewedAt + ttl));
		return true;
	}

	static long ttlSeconds(Duration ttl) {
		Durations.requirePositive("ttl", ttl);
		// rounded up, saturating: a TTL of Long.MAX_VALUE seconds and some nanos must not
		// wrap to 1 s
		long seconds = ttl.getSeconds() + ((ttl.getNano() > 0 && ttl.getSeconds() < Long.MAX_VALUE) ? 1 : 0);
		return Math.max(1, seconds);
	}

}
