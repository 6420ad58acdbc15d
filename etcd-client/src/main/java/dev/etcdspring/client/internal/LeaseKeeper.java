package dev.etcdspring.client.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.error.LeaseLostException;
import dev.etcdspring.client.error.LeaseNotFoundException;
import dev.etcdspring.client.internal.proto.LeaseGrpc;
import dev.etcdspring.client.internal.proto.LeaseKeepAliveRequest;
import dev.etcdspring.client.internal.proto.LeaseKeepAliveResponse;
import dev.etcdspring.client.lease.KeepAlive;
import dev.etcdspring.client.lease.KeepAliveListener;
import dev.etcdspring.client.lease.LeaseRenewal;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;

import org.jspecify.annotations.Nullable;

/**
 * Keeps leases alive over one LeaseKeepAlive stream for the whole client.
 *
 * <p>A timer ticks every {@value #TICK_MILLIS} ms while leases are kept: a lease is renewed a third
 * of its TTL after its last renewal (again every {@value #RESEND_MILLIS} ms while no answer comes),
 * and reported lost once its TTL has passed without a renewal. A reply with TTL ≤ 0 means the
 * server no longer has the lease. A broken stream is reopened at once (backing off on repeated
 * failures) and due renewals go out right away. With no lease left the stream is cancelled, not
 * half-closed, so the server ends it too.
 */
final class LeaseKeeper {

	static final long TICK_MILLIS = 250;

	static final long RESEND_MILLIS = 500;

	private static final System.Logger log = System.getLogger(LeaseKeeper.class.getName());

	private final Connection connection;

	private final Object lock = new Object();

	// guarded by lock

	private final Map<Long, Entry> entries = new HashMap<>();

	private @Nullable ClientCall<LeaseKeepAliveRequest, LeaseKeepAliveResponse> call;

	private long generation;

	private final Backoff backoff = new Backoff();

	private boolean ticking;

	private boolean reopenScheduled;

	private @Nullable String streamToken;

	LeaseKeeper(Connection connection) {
		this.connection = connection;
	}

	/** One lease and the handles keeping it alive. Guarded by the keeper's lock. */
	private static final class Entry {

		final long id;

		final List<Handle> handles = new ArrayList<>(1);

		long nextSendNanos;

		long deadlineNanos;

		long ttlSeconds;

		Entry(long id, long now, long firstDeadlineNanos) {
			this.id = id;
			this.nextSendNanos = now;
			this.deadlineNanos = now + firstDeadlineNanos;
		}

	}

	/** The user's handle on one kept-alive lease. */
	final class Handle implements KeepAlive {

		private final long leaseId;

		private final KeepAliveListener listener;

		private final SerialExecutor callbacks;

		private final CompletableFuture<EtcdException> ended = new CompletableFuture<>();

		private volatile boolean active = true;

		Handle(long leaseId, KeepAliveListener listener) {
			this.leaseId = leaseId;
			this.listener = listener;
			this.callbacks = new SerialExecutor(LeaseKeeper.this.connection::execute);
		}

		@Override
		public long leaseId() {
			return this.leaseId;
		}

		@Override
		public CompletableFuture<EtcdException> ended() {
			return this.ended;
		}

		@Override
		public boolean isActive() {
			return this.active;
		}

		@Override
		public void close() {
			if (this.active) {
				this.active = false;
				LeaseKeeper.this.remove(this);
			}
		}

		void renewed(LeaseRenewal renewal) {
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
			this.callbacks.execute(() -> {
				this.ended.complete(reason);
				this.listener.onEnded(reason);
			});
		}

	}

	KeepAlive keepAlive(long leaseId, KeepAliveListener listener) {
		Handle handle = new Handle(leaseId, listener);
		synchronized (this.lock) {
			if (this.connection.isClosed()) {
				handle.end(Errors.closed("LeaseKeepAlive", null));
				return handle;
			}
			long now = System.nanoTime();
			// until the first answer tells the TTL, give the first renewal the request timeout
			long firstDeadline = Math.max(this.connection.config().requestTimeout().toNanos(),
					TimeUnit.SECONDS.toNanos(5));
			Entry entry = this.entries.computeIfAbsent(leaseId, (id) -> new Entry(id, now, firstDeadline));
			entry.handles.add(handle);
			entry.nextSendNanos = now;
			if (this.call == null) {
				open();
			}
			else {
				send(entry, now);
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

	// ---------------------------------------------------------------- stream (under lock)

	private void open() {
		if (this.call != null || this.entries.isEmpty() || this.reopenScheduled || this.connection.isClosed()) {
			return;
		}
		long current = ++this.generation;
		this.streamToken = this.connection.auth().token();
		ClientCall<LeaseKeepAliveRequest, LeaseKeepAliveResponse> opened = this.connection.startCall(
				LeaseGrpc.getLeaseKeepAliveMethod(), this.connection.callOptions(), new Listener(current), new Metadata());
		this.call = opened;
		opened.request(1);
		long now = System.nanoTime();
		for (Entry entry : this.entries.values()) {
			if (entry.nextSendNanos - now <= 0) {
				send(entry, now);
			}
		}
	}

	private void send(Entry entry, long now) {
		ClientCall<LeaseKeepAliveRequest, LeaseKeepAliveResponse> current = this.call;
		if (current != null) {
			current.sendMessage(LeaseKeepAliveRequest.newBuilder().setID(entry.id).build());
			entry.nextSendNanos = now + TimeUnit.MILLISECONDS.toNanos(RESEND_MILLIS);
		}
	}

	private void cancelIfIdle() {
		if (this.entries.isEmpty() && this.call != null) {
			ClientCall<LeaseKeepAliveRequest, LeaseKeepAliveResponse> idle = this.call;
			this.call = null;
			this.generation++;
			idle.cancel("no leases left to keep alive", null);
		}
	}

	private void tick() {
		synchronized (this.lock) {
			if (this.connection.isClosed()) {
				this.ticking = false;
				endAll(Errors.closed("LeaseKeepAlive", null));
				return;
			}
			long now = System.nanoTime();
			for (Entry entry : new ArrayList<>(this.entries.values())) {
				if (now - entry.deadlineNanos > 0) {
					this.entries.remove(entry.id);
					LeaseLostException lost = new LeaseLostException("No renewal of lease " + Long.toHexString(entry.id)
							+ " succeeded within its TTL" + ((entry.ttlSeconds > 0) ? " of " + entry.ttlSeconds + " s" : "")
							+ ": no member answered. Assume it expired, with the keys, locks or leadership held with it",
							null);
					entry.handles.forEach((h) -> h.end(lost));
				}
				else if (entry.nextSendNanos - now <= 0) {
					send(entry, now);
				}
			}
			cancelIfIdle();
			if (this.entries.isEmpty()) {
				this.ticking = false;
			}
			else {
				this.connection.schedule(this::tick, TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
			}
		}
	}

	private final class Listener extends ClientCall.Listener<LeaseKeepAliveResponse> {

		private final long generation;

		Listener(long generation) {
			this.generation = generation;
		}

		@Override
		public void onMessage(LeaseKeepAliveResponse message) {
			ClientCall<LeaseKeepAliveRequest, LeaseKeepAliveResponse> current;
			synchronized (LeaseKeeper.this.lock) {
				if (this.generation != LeaseKeeper.this.generation) {
					return;
				}
				LeaseKeeper.this.backoff.reset();
				renewed(message);
				current = LeaseKeeper.this.call;
			}
			if (current != null) {
				current.request(1);
			}
		}

		@Override
		public void onClose(Status status, Metadata trailers) {
			synchronized (LeaseKeeper.this.lock) {
				if (this.generation != LeaseKeeper.this.generation) {
					return;
				}
				LeaseKeeper.this.call = null;
				streamClosed(status);
			}
		}

	}

	private void renewed(LeaseKeepAliveResponse response) {
		Entry entry = this.entries.get(response.getID());
		if (entry == null) {
			return;
		}
		if (response.getTTL() <= 0) {
			this.entries.remove(entry.id);
			LeaseNotFoundException gone = new LeaseNotFoundException("Lease " + Long.toHexString(entry.id)
					+ " no longer exists on the server: it expired or was revoked", null, null, null);
			entry.handles.forEach((h) -> h.end(gone));
			cancelIfIdle();
			return;
		}
		long now = System.nanoTime();
		entry.ttlSeconds = response.getTTL();
		entry.deadlineNanos = now + TimeUnit.SECONDS.toNanos(response.getTTL());
		entry.nextSendNanos = now + TimeUnit.SECONDS.toNanos(response.getTTL()) / 3;
		LeaseRenewal renewal = new LeaseRenewal(Namespace.header(response.getHeader()), entry.id, response.getTTL());
		entry.handles.forEach((h) -> h.renewed(renewal));
	}

	private void streamClosed(Status status) {
		if (this.connection.isClosed()) {
			endAll(Errors.closed("LeaseKeepAlive", status.asRuntimeException()));
			return;
		}
		if (this.entries.isEmpty()) {
			return;
		}
		long delay = this.backoff.nextDelayNanos();
		log.log((delay == 0) ? System.Logger.Level.DEBUG : System.Logger.Level.INFO,
				() -> "Lease keep-alive stream broke (" + status.getCode() + ": " + status.getDescription()
						+ "); reopening for " + this.entries.size() + " leases");
		this.reopenScheduled = true;
		this.connection.reopenStream(status, this.streamToken, delay, () -> {
			synchronized (this.lock) {
				this.reopenScheduled = false;
				open();
			}
		}, (error) -> {
			synchronized (this.lock) {
				this.reopenScheduled = false;
				endAll(error);
			}
		});
	}

	private void endAll(EtcdException reason) {
		List<Entry> all = new ArrayList<>(this.entries.values());
		this.entries.clear();
		for (Entry entry : all) {
			entry.handles.forEach((h) -> h.end(reason));
		}
	}

	static long ttlSeconds(Duration ttl) {
		Durations.requirePositive("ttl", ttl);
		long seconds = ttl.getSeconds() + ((ttl.getNano() > 0) ? 1 : 0);
		return Math.max(1, seconds);
	}

}
