package dev.etcdspring.client.internal;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.watch.Watch;
import dev.etcdspring.client.watch.WatchListener;
import dev.etcdspring.client.watch.WatchOptions;
import dev.etcdspring.client.watch.WatchResponse;
import org.jspecify.annotations.Nullable;

/**
 * One watch as the user holds it: its delivery queue and listener. What the stream needs
 * to create it again is its {@link WatchRegistration}, guarded by the stream's lock; this
 * object's monitor guards the delivery half (queue, counts). The stream's lock may be
 * held when taking this monitor, never the other way round, and no listener runs under
 * either.
 */
final class Watcher implements Watch {

	/** Above this many undelivered events the watch is suspended on the server. */
	static final int HIGH_WATER_EVENTS = 16_384;

	/** A suspended watch resumes once its backlog is down to this. */
	static final int LOW_WATER_EVENTS = 4_096;

	/** Responses one drain task delivers before yielding its thread. */
	private static final int DRAIN_BATCH = 64;

	private static final System.Logger log = System.getLogger(Watcher.class.getName());

	private final WatchStream stream;

	private final Connection connection;

	private final KeyRange range;

	private final WatchListener listener;

	private final CompletableFuture<Long> created = new CompletableFuture<>();

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	private final WatchRegistration registration;

	// ---- delivery half, guarded by this

	private @Nullable ArrayDeque<Object> queue;

	private int pendingEvents;

	private boolean draining;

	private boolean awaitingResume;

	private volatile boolean isEnded;

	private boolean closedByUser;

	/**
	 * Creates the watch and registers it with the stream, which creates it on the server.
	 * @param stream the stream
	 * @param connection the connection
	 * @param range the keys
	 * @param options the options
	 * @param listener the user's listener
	 * @throws dev.etcdspring.client.error.EmptyKeyException when the range's key is empty
	 */
	Watcher(WatchStream stream, Connection connection, KeyRange range, WatchOptions options, WatchListener listener) {
		this.stream = stream;
		this.connection = connection;
		this.range = range;
		this.listener = listener;
		this.registration = stream.add(this, range, options);
	}

	// ---------------------------------------------------------------- Watch

	@Override
	public CompletableFuture<Long> created() {
		return this.created;
	}

	@Override
	public long nextRevision() {
		return this.registration.nextRevision;
	}

	@Override
	public void requestProgress() {
		this.stream.requestProgress();
	}

	@Override
	public boolean isActive() {
		return !this.isEnded;
	}

	@Override
	public CompletableFuture<Void> ended() {
		return this.ended;
	}

	@Override
	public void close() {
		synchronized (this) {
			if (this.isEnded && this.closedByUser) {
				return;
			}
			this.isEnded = true;
			this.closedByUser = true;
			this.queue = null;
		}
		this.stream.remove(this.registration);
		this.created.cancel(false);
		this.ended.complete(null);
	}

	// ---------------------------------------------------------------- called by the
	// stream

	void markCreated(long firstRevision) {
		if (!this.created.isDone()) {
			this.connection.execute(() -> this.created.complete(firstRevision));
		}
	}

	/**
	 * Queues a response for the listener.
	 * @return whether the backlog passed the high-water mark, so the stream should
	 * suspend the watch
	 */
	boolean enqueue(WatchResponse response) {
		boolean startDrain;
		boolean overHighWater;
		synchronized (this) {
			if (this.isEnded) {
				return false;
			}
			if (this.queue == null) {
				this.queue = new ArrayDeque<>(4);
			}
			this.queue.add(response);
			this.pendingEvents += response.events().size();
			overHighWater = !this.awaitingResume && this.pendingEvents > HIGH_WATER_EVENTS;
			if (overHighWater) {
				this.awaitingResume = true;
			}
			startDrain = !this.draining;
			this.draining = true;
		}
		if (startDrain) {
			this.connection.execute(this::drain);
		}
		return overHighWater;
	}

	/**
	 * Ends the watch with an error, delivered after what is queued. Only the first call
	 * counts.
	 */
	void fail(EtcdException error) {
		boolean startDrain;
		synchronized (this) {
			if (this.isEnded) {
				return;
			}
			this.isEnded = true;
			if (this.queue == null) {
				this.queue = new ArrayDeque<>(1);
			}
			this.queue.add(error);
			startDrain = !this.draining;
			this.draining = true;
		}
		if (!this.created.isDone()) {
			this.connection.execute(() -> this.created.completeExceptionally(error));
		}
		if (startDrain) {
			this.connection.execute(this::drain);
		}
	}

	private void drain() {
		for (int delivered = 0; delivered < DRAIN_BATCH; delivered++) {
			Object next;
			synchronized (this) {
				next = (this.closedByUser || this.queue == null) ? null : this.queue.poll();
				if (next == null) {
					this.draining = false;
					return;
				}
			}
			if (next instanceof WatchResponse response) {
				deliver(response);
				boolean resume;
				synchronized (this) {
					this.pendingEvents -= response.events().size();
					resume = this.awaitingResume && this.pendingEvents <= LOW_WATER_EVENTS && !this.isEnded;
					if (resume) {
						this.awaitingResume = false;
					}
				}
				if (resume) {
					this.stream.resume(this.registration);
				}
			}
			else {
				deliverError((EtcdException) next);
			}
		}
		// yield the thread, keep the order: the next drain picks up where this one
		// stopped
		this.connection.execute(this::drain);
	}

	private void deliver(WatchResponse response) {
		try {
			this.listener.onNext(response);
		}
		catch (RuntimeException | Error ex) {
			log.log(System.Logger.Level.WARNING, "Watch listener for " + this.range
					+ " failed on a response at revision " + response.header().revision() + "; delivery goes on", ex);
		}
	}

	private void deliverError(EtcdException error) {
		try {
			this.listener.onError(error);
		}
		catch (RuntimeException | Error ex) {
			log.log(System.Logger.Level.WARNING, "Watch listener for " + this.range + " failed handling " + error, ex);
		}
		finally {
			this.ended.completeExceptionally(error);
		}
	}

	@Override
	public String toString() {
		WatchRegistration current = this.registration;
		return "Watch[" + this.range + ((current != null) ? ", next revision " + current.nextRevision : "")
				+ (this.isEnded ? ", closed" : "") + "]";
	}

}
