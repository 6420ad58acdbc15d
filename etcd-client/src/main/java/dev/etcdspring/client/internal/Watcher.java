package dev.etcdspring.client.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.watch.Watch;
import dev.etcdspring.client.watch.WatchEvent;
import dev.etcdspring.client.watch.WatchListener;
import dev.etcdspring.client.watch.WatchOptions;
import dev.etcdspring.client.watch.WatchResponse;

import org.jspecify.annotations.Nullable;

/**
 * One watch: what the stream needs to (re)create it, and its own delivery queue.
 *
 * <p>Two locks guard two halves: the {@link WatchStream}'s lock guards the stream half (id,
 * next revision, fragments, suspension), this object's monitor the delivery half (queue, counts).
 * The stream lock may be held when taking this monitor, never the other way round, and no
 * listener runs under either.
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

	final KeyRange range;

	final Namespace.Bounds bounds;

	final WatchOptions options;

	private final WatchListener listener;

	private final CompletableFuture<Long> created = new CompletableFuture<>();

	// ---- stream half, guarded by the stream's lock

	long id;

	/** Set by the stream; read without the lock by nextRevision(). */
	volatile long nextRevision;

	boolean suspended;

	/** Whether a "permission denied" already made the stream authenticate again for this watch. */
	boolean authRetried;

	@Nullable List<WatchEvent> fragments;

	// ---- delivery half, guarded by this

	private @Nullable ArrayDeque<Object> queue;

	private int pendingEvents;

	private boolean draining;

	private boolean awaitingResume;

	private volatile boolean ended;

	private boolean closedByUser;

	Watcher(WatchStream stream, Connection connection, KeyRange range, Namespace.Bounds bounds, WatchOptions options,
			WatchListener listener) {
		this.stream = stream;
		this.connection = connection;
		this.range = range;
		this.bounds = bounds;
		this.options = options;
		this.listener = listener;
		this.nextRevision = options.startRevision();
	}

	// ---------------------------------------------------------------- Watch

	@Override
	public CompletableFuture<Long> created() {
		return this.created;
	}

	@Override
	public long nextRevision() {
		return this.nextRevision;
	}

	@Override
	public void requestProgress() {
		this.stream.requestProgress();
	}

	@Override
	public boolean isClosed() {
		return this.ended;
	}

	@Override
	public void close() {
		synchronized (this) {
			if (this.ended && this.closedByUser) {
				return;
			}
			this.ended = true;
			this.closedByUser = true;
			this.queue = null;
		}
		this.stream.remove(this);
		this.created.cancel(false);
	}

	// ---------------------------------------------------------------- called by the stream

	void markCreated(long firstRevision) {
		if (!this.created.isDone()) {
			this.connection.execute(() -> this.created.complete(firstRevision));
		}
	}

	/**
	 * Queues a response for the listener.
	 * @return whether the backlog passed the high-water mark, so the stream should suspend the watch
	 */
	boolean enqueue(WatchResponse response) {
		boolean startDrain;
		boolean overHighWater;
		synchronized (this) {
			if (this.ended) {
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

	/** Ends the watch with an error, delivered after what is queued. Only the first call counts. */
	void fail(EtcdException error) {
		boolean startDrain;
		synchronized (this) {
			if (this.ended) {
				return;
			}
			this.ended = true;
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
					resume = this.awaitingResume && this.pendingEvents <= LOW_WATER_EVENTS && !this.ended;
					if (resume) {
						this.awaitingResume = false;
					}
				}
				if (resume) {
					this.stream.resume(this);
				}
			}
			else {
				deliverError((EtcdException) next);
			}
		}
		// yield the thread, keep the order: the next drain picks up where this one stopped
		this.connection.execute(this::drain);
	}

	private void deliver(WatchResponse response) {
		try {
			this.listener.onNext(response);
		}
		catch (RuntimeException | Error ex) {
			log.log(System.Logger.Level.WARNING, "Watch listener for " + this.range + " failed on a response at revision "
					+ response.header().revision() + "; delivery goes on", ex);
		}
	}

	private void deliverError(EtcdException error) {
		try {
			this.listener.onError(error);
		}
		catch (RuntimeException | Error ex) {
			log.log(System.Logger.Level.WARNING, "Watch listener for " + this.range + " failed handling " + error, ex);
		}
	}

	List<WatchEvent> takeFragments(List<WatchEvent> last) {
		List<WatchEvent> collected = this.fragments;
		this.fragments = null;
		if (collected == null) {
			return last;
		}
		collected.addAll(last);
		return collected;
	}

	void addFragment(List<WatchEvent> events) {
		if (this.fragments == null) {
			this.fragments = new ArrayList<>(events);
		}
		else {
			this.fragments.addAll(events);
		}
	}

	@Override
	public String toString() {
		return "Watch[" + this.range + ", next revision " + this.nextRevision + (this.ended ? ", closed" : "") + "]";
	}

}
