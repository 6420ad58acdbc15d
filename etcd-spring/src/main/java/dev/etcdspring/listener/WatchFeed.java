package dev.etcdspring.listener;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.error.CompactedException;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.error.RequestTimeoutException;
import dev.etcdspring.client.error.TooManyRequestsException;
import dev.etcdspring.client.error.UnavailableException;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.client.kv.GetResult;
import dev.etcdspring.client.watch.Watch;
import dev.etcdspring.client.watch.WatchEvent;
import dev.etcdspring.client.watch.WatchListener;
import dev.etcdspring.client.watch.WatchOptions;
import dev.etcdspring.client.watch.WatchResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOff;

/**
 * The work of one {@link EtcdWatchContainer}: the reads before a watch (initial load,
 * baseline, resynchronisation), the watch itself, and the delivery of what they produce
 * through the container's {@link DeliveryLane}, keeping the listener's {@link Position}
 * and, for {@link OnCompaction#RESYNC}, its {@link KeyView}. An epoch of the lane is one
 * run of the container; whatever belongs to an older run is ignored. Thread-safe.
 */
final class WatchFeed implements DeliveryLane.Handler {

	private static final Log logger = LogFactory.getLog(WatchFeed.class);

	private static final long MAX_READ_RETRY_PAUSE = 5_000;

	/** What a read before opening the watch is for. */
	enum Sync {

		/** Deliver the current values as PUT events. */
		INITIAL_LOAD,

		/** Remember the keys in the range (values left out), deliver nothing. */
		BASELINE,

		/**
		 * Deliver the difference between what the listener was told and the current
		 * state.
		 */
		RESYNC

	}

	private final EtcdClient client;

	private final EtcdWatchEndpoint endpoint;

	private final EtcdWatchContainer container;

	private final DeliveryLane lane;

	private final ListenerInvoker invoker;

	private final @Nullable KeyView view;

	private final Object lock = new Object();

	// guarded by lock
	private @Nullable Watch watch;

	// guarded by lock
	private final Position position = new Position();

	WatchFeed(EtcdClient client, EtcdWatchContainer container, BackOff backOff, EtcdWatchErrorHandler errorHandler) {
		this.client = client;
		this.container = container;
		this.endpoint = container.getEndpoint();
		this.lane = new DeliveryLane(this.endpoint.getExecutor(), this);
		this.invoker = new ListenerInvoker(container, this.lane, backOff, errorHandler);
		this.view = (this.endpoint.getOnCompaction() == OnCompaction.RESYNC) ? new KeyView() : null;
	}

	DeliveryLane lane() {
		return this.lane;
	}

	ListenerInvoker invoker() {
		return this.invoker;
	}

	/**
	 * Begins a run: resumes after the last event delivered, or (the first time, or after
	 * a compaction with {@link OnCompaction#STOP}) loads or remembers the current state
	 * first.
	 * @param epoch the run
	 */
	void start(int epoch) {
		boolean resume;
		long from;
		synchronized (this.lock) {
			resume = this.position.isKnown();
			from = this.position.resumeFrom();
		}
		if (resume) {
			openWatch(epoch, from, true);
		}
		else if (this.endpoint.isInitialLoad()) {
			read(epoch, Sync.INITIAL_LOAD, 0);
		}
		else if (this.view != null && this.endpoint.getStartRevision() != 1) {
			read(epoch, Sync.BASELINE, 0);
		}
		else {
			openWatch(epoch, this.endpoint.getStartRevision(), false);
		}
	}

	/** Closes the watch of the run that just ended. */
	void closeWatch() {
		Watch current;
		synchronized (this.lock) {
			current = this.watch;
			this.watch = null;
		}
		if (current != null) {
			current.close();
		}
	}

	/** A compaction with {@link OnCompaction#STOP}: the next run begins afresh. */
	void forgetPosition() {
		synchronized (this.lock) {
			this.position.forget();
		}
	}

	long lastRevision() {
		synchronized (this.lock) {
			return this.position.lastRevision();
		}
	}

	// ---------------------------------------------------------------- reads and the
	// watch

	private void read(int epoch, Sync sync, int attempt) {
		GetOp read = GetOp.of(this.endpoint.getRange());
		if (sync == Sync.BASELINE) {
			read = read.withKeysOnly();
			if (this.endpoint.getStartRevision() > 1) {
				read = read.withRevision(this.endpoint.getStartRevision() - 1);
			}
		}
		CompletableFuture<GetResult> result;
		try {
			result = this.client.kv().get(read);
		}
		catch (RuntimeException ex) {
			this.container.fail(epoch, ex);
			return;
		}
		long at = read.revision();
		result.whenComplete((snapshot, error) -> {
			if (error == null) {
				// a read at a past revision has the store's current revision in its
				// header
				long revision = (at > 0) ? at : snapshot.header().revision();
				if (submit(new Snapshot(epoch, snapshot, revision, sync))) {
					openWatch(epoch, revision + 1, false);
				}
			}
			else {
				readFailed(epoch, sync, attempt,
						(error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error);
			}
		});
	}

	private void readFailed(int epoch, Sync sync, int attempt, Throwable error) {
		if (error instanceof UnavailableException || error instanceof RequestTimeoutException
				|| error instanceof TooManyRequestsException) {
			String message = "etcd listener '" + this.endpoint.getId() + "' could not read its keys ("
					+ error.getMessage() + "); trying again";
			if (attempt == 0) {
				logger.warn(message);
			}
			else if (logger.isDebugEnabled()) {
				logger.debug(message);
			}
			submit(new Retry(epoch, sync, attempt + 1));
		}
		else if (error instanceof CompactedException && sync == Sync.BASELINE) {
			logger.warn("etcd listener '" + this.endpoint.getId() + "': its start revision "
					+ this.endpoint.getStartRevision() + " was compacted; delivering the current state instead");
			read(epoch, Sync.RESYNC, 0);
		}
		else {
			this.container.fail(epoch, error);
		}
	}

	private void openWatch(int epoch, long from, boolean resume) {
		WatchOptions options = WatchOptions.DEFAULT.withStartRevision(from);
		if (this.endpoint.isPrevKv()) {
			options = options.withPrevKv();
		}
		// with RESYNC every change must reach the key view: the type filter is applied
		// here
		if (this.view == null && !this.endpoint.getTypes().contains(WatchEvent.Type.PUT)) {
			options = options.withNoPut();
		}
		if (this.view == null && !this.endpoint.getTypes().contains(WatchEvent.Type.DELETE)) {
			options = options.withNoDelete();
		}
		Watch opened;
		try {
			opened = this.client.watch().watch(this.endpoint.getRange(), options, new Receiver(epoch));
		}
		catch (RuntimeException ex) {
			this.container.fail(epoch, ex);
			return;
		}
		boolean current;
		synchronized (this.lock) {
			current = this.lane.isCurrent(epoch);
			if (current) {
				this.watch = opened;
				this.position.opening(from, resume);
			}
		}
		if (!current) {
			opened.close();
			return;
		}
		opened.created().thenAccept((revision) -> submit(new Created(epoch, revision)));
	}

	/** Queues an item; a refusing executor stops the container. */
	private boolean submit(DeliveryLane.Item item) {
		try {
			this.lane.submit(item);
			return true;
		}
		catch (RuntimeException ex) {
			this.container.fail(item.epoch(), ex);
			return false;
		}
	}

	/** Receives one watch's responses. */
	private final class Receiver implements WatchListener {

		private final int epoch;

		Receiver(int epoch) {
			this.epoch = epoch;
		}

		@Override
		public void onNext(WatchResponse response) {
			if (!response.events().isEmpty() && submit(new Events(this.epoch, response.events()))) {
				WatchFeed.this.lane.awaitRoom(this.epoch);
			}
		}

		@Override
		public void onError(EtcdException error) {
			submit(new Ended(this.epoch, error));
		}

	}

	// ---------------------------------------------------------------- on the lane's
	// thread

	@Override
	public void handle(DeliveryLane.Item item) {
		if (item instanceof Events events) {
			deliverEvents(events);
		}
		else if (item instanceof Snapshot snapshot) {
			deliverSnapshot(snapshot);
		}
		else if (item instanceof Created created) {
			synchronized (this.lock) {
				this.position.created(created.revision());
			}
			this.container.opened(created.epoch());
		}
		else if (item instanceof Ended ended) {
			ended(ended);
		}
		else if (item instanceof Retry retry && this.lane.pause(retry.epoch(), retryPause(retry.attempt()))) {
			read(retry.epoch(), retry.sync(), retry.attempt());
		}
	}

	@Override
	public void failed(int epoch, Throwable error) {
		this.container.fail(epoch, error);
	}

	private static long retryPause(int attempt) {
		return Math.min(MAX_READ_RETRY_PAUSE, 100L << Math.min(attempt, 10));
	}

	private void deliverEvents(Events item) {
		List<WatchEvent> events = new ArrayList<>(item.events().size());
		synchronized (this.lock) {
			for (WatchEvent event : item.events()) {
				if (!this.position.skipDelivered(event)) {
					events.add(event);
				}
			}
		}
		if (this.invoker.deliver(item.epoch(), events, this::delivered) && !events.isEmpty()) {
			synchronized (this.lock) {
				this.position.completed(events.get(events.size() - 1).revision());
			}
		}
	}

	private void deliverSnapshot(Snapshot item) {
		List<KeyValue> kvs = item.result().kvs();
		long revision = item.revision();
		List<WatchEvent> events = new ArrayList<>();
		if (item.sync() == Sync.INITIAL_LOAD) {
			kvs.stream()
				.sorted(Comparator.comparingLong(KeyValue::modRevision))
				.forEach((kv) -> events.add(new WatchEvent(WatchEvent.Type.PUT, kv, Optional.empty())));
		}
		else if (item.sync() == Sync.RESYNC && this.view != null) {
			events.addAll(this.view.changesTo(kvs, revision));
		}
		if (!this.invoker.deliver(item.epoch(), events, this::remember)) {
			return;
		}
		if (this.view != null) {
			this.view.reset(kvs);
		}
		synchronized (this.lock) {
			this.position.completed(revision);
		}
		if (item.sync() == Sync.RESYNC) {
			logger.info("etcd listener '" + this.endpoint.getId() + "' is up to date again at revision " + revision
					+ " (" + events.size() + " changes delivered after the compaction)");
		}
	}

	/** After each event of a watch response, delivered or left out by the type filter. */
	private void delivered(WatchEvent event) {
		remember(event);
		synchronized (this.lock) {
			this.position.delivered(event);
		}
	}

	private void remember(WatchEvent event) {
		if (this.view != null) {
			this.view.apply(event);
		}
	}

	private void ended(Ended item) {
		if (item.error() instanceof CompactedException && this.view != null) {
			if (this.container.resyncing(item.epoch())) {
				logger.warn("etcd listener '" + this.endpoint.getId() + "': " + item.error().getMessage()
						+ "; reading the current state to deliver what changed");
				read(item.epoch(), Sync.RESYNC, 0);
			}
		}
		else {
			this.container.fail(item.epoch(), item.error());
		}
	}

	// ---------------------------------------------------------------- lane items

	private record Snapshot(int epoch, GetResult result, long revision, Sync sync) implements DeliveryLane.Item {

		@Override
		public int size() {
			return this.result.kvs().size();
		}

	}

	private record Events(int epoch, List<WatchEvent> events) implements DeliveryLane.Item {

		@Override
		public int size() {
			return this.events.size();
		}

	}

	private record Created(int epoch, long revision) implements DeliveryLane.Item {
	}

	private record Ended(int epoch, EtcdException error) implements DeliveryLane.Item {
	}

	private record Retry(int epoch, Sync sync, int attempt) implements DeliveryLane.Item {
	}

}
