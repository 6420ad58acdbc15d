package dev.etcdspring.listener;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.watch.WatchEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOff;

/**
 * What one listener watches and how: the model of one {@code @EtcdWatch} method, or of a
 * listener built at run time. Register it with
 * {@link EtcdWatchRegistry#registerEndpoint(EtcdWatchEndpoint)}, or run it in an
 * {@link EtcdWatchContainer} of your own.
 *
 * <pre>{@code
 * registry.registerEndpoint(EtcdWatchEndpoint.builder("flags", KeyRange.prefix("app/flags/"))
 *     .initialLoad(true)
 *     .listener((event) -> flags.apply(event))
 *     .build());
 * }</pre>
 *
 * <p>
 * Immutable and thread-safe.
 */
public final class EtcdWatchEndpoint {

	private final String id;

	private final KeyRange range;

	private final long startRevision;

	private final boolean prevKv;

	private final Set<WatchEvent.Type> types;

	private final boolean initialLoad;

	private final OnCompaction onCompaction;

	private final boolean autoStartup;

	private final @Nullable Executor executor;

	private final @Nullable BackOff backOff;

	private final @Nullable EtcdWatchErrorHandler errorHandler;

	private final @Nullable EtcdWatchListener listener;

	private final @Nullable EtcdWatchBatchListener batchListener;

	private EtcdWatchEndpoint(Builder builder) {
		this.id = builder.id;
		this.range = builder.range;
		this.startRevision = builder.startRevision;
		this.prevKv = builder.prevKv;
		this.types = Set.copyOf(builder.types);
		this.initialLoad = builder.initialLoad;
		this.onCompaction = builder.onCompaction;
		this.autoStartup = builder.autoStartup;
		this.executor = builder.executor;
		this.backOff = builder.backOff;
		this.errorHandler = builder.errorHandler;
		this.listener = builder.listener;
		this.batchListener = builder.batchListener;
	}

	/**
	 * Starts an endpoint.
	 * @param id the listener's id, unique in its registry
	 * @param range the keys to watch
	 * @return a builder
	 */
	public static Builder builder(String id, KeyRange range) {
		return new Builder(id, range);
	}

	/**
	 * A copy with the registry's back-off and error handler where this endpoint has none.
	 * @param backOff the default back-off
	 * @param errorHandler the default error handler
	 * @return the endpoint to run
	 */
	EtcdWatchEndpoint withDefaults(BackOff backOff, EtcdWatchErrorHandler errorHandler) {
		Builder copy = toBuilder();
		if (this.backOff == null) {
			copy.backOff(backOff);
		}
		if (this.errorHandler == null) {
			copy.errorHandler(errorHandler);
		}
		return copy.build();
	}

	private Builder toBuilder() {
		Builder copy = new Builder(this.id, this.range).startRevision(this.startRevision)
			.prevKv(this.prevKv)
			.initialLoad(this.initialLoad)
			.onCompaction(this.onCompaction)
			.autoStartup(this.autoStartup)
			.types(this.types.toArray(WatchEvent.Type[]::new));
		copy.executor = this.executor;
		copy.backOff = this.backOff;
		copy.errorHandler = this.errorHandler;
		copy.listener = this.listener;
		copy.batchListener = this.batchListener;
		return copy;
	}

	/**
	 * The listener's id.
	 * @return the id
	 */
	public String getId() {
		return this.id;
	}

	/**
	 * The watched keys.
	 * @return the range
	 */
	public KeyRange getRange() {
		return this.range;
	}

	/**
	 * The first revision to deliver on the first start; 0 for changes from the start on.
	 * @return the start revision
	 */
	public long getStartRevision() {
		return this.startRevision;
	}

	/**
	 * Whether events carry the key's previous state.
	 * @return whether previous values are asked for
	 */
	public boolean isPrevKv() {
		return this.prevKv;
	}

	/**
	 * The event types delivered.
	 * @return {@code PUT}, {@code DELETE} or both
	 */
	public Set<WatchEvent.Type> getTypes() {
		return this.types;
	}

	/**
	 * Whether the first start delivers the current values as PUT events before the
	 * changes.
	 * @return whether the current state is loaded first
	 */
	public boolean isInitialLoad() {
		return this.initialLoad;
	}

	/**
	 * What happens when the history to resume from was compacted.
	 * @return resynchronise or stop
	 */
	public OnCompaction getOnCompaction() {
		return this.onCompaction;
	}

	/**
	 * Whether the registry starts the listener when it starts.
	 * @return whether it starts automatically
	 */
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	/**
	 * Where the listener runs: {@code null} for the client's callback executor.
	 * @return the executor, or {@code null}
	 */
	public @Nullable Executor getExecutor() {
		return this.executor;
	}

	/**
	 * How a failing listener is retried: {@code null} for the registry's or the
	 * container's default.
	 * @return the back-off, or {@code null}
	 */
	public @Nullable BackOff getBackOff() {
		return this.backOff;
	}

	/**
	 * What happens after the retries: {@code null} for the registry's or the container's
	 * default.
	 * @return the error handler, or {@code null}
	 */
	public @Nullable EtcdWatchErrorHandler getErrorHandler() {
		return this.errorHandler;
	}

	/**
	 * The per-event listener, unless this is a batch endpoint.
	 * @return the listener, or {@code null}
	 */
	public @Nullable EtcdWatchListener getListener() {
		return this.listener;
	}

	/**
	 * The batch listener, if this is a batch endpoint.
	 * @return the batch listener, or {@code null}
	 */
	public @Nullable EtcdWatchBatchListener getBatchListener() {
		return this.batchListener;
	}

	@Override
	public String toString() {
		return "EtcdWatchEndpoint[" + this.id + ": " + this.range + "]";
	}

	/**
	 * Builds an {@link EtcdWatchEndpoint}. Not thread-safe; each method returns this
	 * builder.
	 */
	public static final class Builder {

		private final String id;

		private final KeyRange range;

		private long startRevision;

		private boolean prevKv;

		private Set<WatchEvent.Type> types = EnumSet.allOf(WatchEvent.Type.class);

		private boolean initialLoad;

		private OnCompaction onCompaction = OnCompaction.RESYNC;

		private boolean autoStartup = true;

		private @Nullable Executor executor;

		private @Nullable BackOff backOff;

		private @Nullable EtcdWatchErrorHandler errorHandler;

		private @Nullable EtcdWatchListener listener;

		private @Nullable EtcdWatchBatchListener batchListener;

		private Builder(String id, KeyRange range) {
			if (id == null || id.isBlank()) {
				throw new IllegalArgumentException("An etcd listener needs an id (unique in its registry)");
			}
			this.id = id;
			this.range = Objects.requireNonNull(range, "range");
		}

		/**
		 * Delivers history from this revision on, at the first start (it must not be
		 * compacted).
		 * @param revision the first revision; 0 (the default) for changes from the start
		 * on
		 * @return this builder
		 */
		public Builder startRevision(long revision) {
			if (revision < 0) {
				throw new IllegalArgumentException("The start revision must not be negative, was " + revision);
			}
			this.startRevision = revision;
			return this;
		}

		/**
		 * Whether events carry the key's previous state.
		 * @param prevKv whether to ask for previous values
		 * @return this builder
		 */
		public Builder prevKv(boolean prevKv) {
			this.prevKv = prevKv;
			return this;
		}

		/**
		 * The event types to deliver; both by default.
		 * @param types {@code PUT}, {@code DELETE} or both
		 * @return this builder
		 */
		public Builder types(WatchEvent.Type... types) {
			if (types.length == 0) {
				throw new IllegalArgumentException("Deliver at least one event type (PUT, DELETE or both)");
			}
			this.types = EnumSet.of(types[0], types);
			return this;
		}

		/**
		 * Whether the first start delivers the current values as PUT events (all read at
		 * one revision), then the changes from the next revision on: no gap, no
		 * duplicate.
		 * @param initialLoad whether to load the current state first
		 * @return this builder
		 */
		public Builder initialLoad(boolean initialLoad) {
			this.initialLoad = initialLoad;
			return this;
		}

		/**
		 * What happens when the history to resume from was compacted;
		 * {@link OnCompaction#RESYNC} by default.
		 * @param onCompaction resynchronise or stop
		 * @return this builder
		 */
		public Builder onCompaction(OnCompaction onCompaction) {
			this.onCompaction = Objects.requireNonNull(onCompaction, "onCompaction");
			return this;
		}

		/**
		 * Whether the registry starts the listener when it starts; true by default.
		 * @param autoStartup whether to start automatically
		 * @return this builder
		 */
		public Builder autoStartup(boolean autoStartup) {
			this.autoStartup = autoStartup;
			return this;
		}

		/**
		 * Runs the listener on this executor, one event at a time, instead of on the
		 * client's callback executor. The executor is not shut down by the container.
		 * @param executor the executor
		 * @return this builder
		 */
		public Builder executor(Executor executor) {
			this.executor = Objects.requireNonNull(executor, "executor");
			return this;
		}

		/**
		 * How a failing listener is retried before the error handler is called.
		 * @param backOff the back-off; each failing event or batch starts its own
		 * execution
		 * @return this builder
		 */
		public Builder backOff(BackOff backOff) {
			this.backOff = Objects.requireNonNull(backOff, "backOff");
			return this;
		}

		/**
		 * What happens when the retries are exhausted or the watch fails.
		 * @param errorHandler the error handler
		 * @return this builder
		 */
		public Builder errorHandler(EtcdWatchErrorHandler errorHandler) {
			this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
			return this;
		}

		/**
		 * Delivers events one at a time to this listener.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(EtcdWatchListener listener) {
			this.listener = Objects.requireNonNull(listener, "listener");
			this.batchListener = null;
			return this;
		}

		/**
		 * Delivers events a response at a time to this listener.
		 * @param batchListener the listener
		 * @return this builder
		 */
		public Builder batchListener(EtcdWatchBatchListener batchListener) {
			this.batchListener = Objects.requireNonNull(batchListener, "batchListener");
			this.listener = null;
			return this;
		}

		/**
		 * Checks the settings and builds the endpoint.
		 * @return the endpoint
		 * @throws IllegalArgumentException when no listener was given or the settings
		 * contradict each other
		 */
		public EtcdWatchEndpoint build() {
			if (this.listener == null && this.batchListener == null) {
				throw new IllegalArgumentException(
						"etcd listener '" + this.id + "' has no listener: call listener(…) " + "or batchListener(…)");
			}
			if (this.initialLoad && this.startRevision > 0) {
				throw new IllegalArgumentException("etcd listener '" + this.id + "' sets both initialLoad and a start "
						+ "revision: the initial load already decides where the watch starts; drop one of them");
			}
			if (this.initialLoad && !this.types.contains(WatchEvent.Type.PUT)) {
				throw new IllegalArgumentException(
						"etcd listener '" + this.id + "' loads the current values (PUT events) "
								+ "but delivers only DELETE events: drop initialLoad or deliver PUT events too");
			}
			return new EtcdWatchEndpoint(this);
		}

	}

}
