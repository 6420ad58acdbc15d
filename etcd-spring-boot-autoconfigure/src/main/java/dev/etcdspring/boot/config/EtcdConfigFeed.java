package dev.etcdspring.boot.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.error.ClientClosedException;
import dev.etcdspring.client.error.CompactedException;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.client.kv.GetResult;
import dev.etcdspring.client.kv.Op;
import dev.etcdspring.client.kv.TxnOp;
import dev.etcdspring.client.kv.TxnResult;
import dev.etcdspring.client.watch.Watch;
import dev.etcdspring.client.watch.WatchEvent;
import dev.etcdspring.client.watch.WatchListener;
import dev.etcdspring.client.watch.WatchOptions;
import dev.etcdspring.client.watch.WatchResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The imported folders of one prefix and the one watch that keeps them current.
 *
 * <p>
 * At start-up each folder is read on its own ({@link #load}), at the revision of that
 * read. {@link #start} then watches the whole prefix from the oldest of those revisions +
 * 1 (after a stop, from the revision after the last one applied), and a folder applies
 * only the events after its own read: no change is missed and none applied twice. The
 * events of one watch response are applied together and the new properties of every
 * folder published with one volatile write, so readers see one revision or the next,
 * never a mix. When the watch ends (history compacted during an outage, or any error but
 * a closed client), every folder is read again in one transaction, so at one revision,
 * the difference published as one change, and the watch opened again after that revision.
 * Thread-safe.
 */
final class EtcdConfigFeed {

	private static final Log logger = LogFactory.getLog(EtcdConfigFeed.class);

	private static final long MAX_RETRY_PAUSE_MILLIS = 30_000;

	/** Receives every update that changed a property. */
	@FunctionalInterface
	interface Listener {

		void changed(ConfigChange change);

	}

	private final EtcdClient client;

	private final String prefix;

	private final Object lock = new Object();

	// guarded by lock
	private final Map<String, ImportedFolder> folders = new LinkedHashMap<>();

	// guarded by lock
	private @Nullable Watch watch;

	// guarded by lock: each start and stop begins a new run; callbacks of older runs are
	// ignored
	private int run;

	// guarded by lock: the newest revision the folders have caught up with through the
	// watch
	private long applied;

	// guarded by lock: watches ended by an error since the last response
	private int watchFailures;

	// guarded by lock
	private @Nullable Listener listener;

	// guarded by lock
	private @Nullable ScheduledExecutorService scheduler;

	private volatile Map<String, FolderProperties> view = Map.of();

	private volatile long revision;

	EtcdConfigFeed(EtcdClient client, String prefix) {
		this.client = client;
		this.prefix = prefix;
	}

	/**
	 * Reads a folder, once: a folder loaded before (a Spring Cloud refresh imports again)
	 * returns its live property source.
	 * @param resource the folder
	 * @return its property source
	 * @throws EtcdException when etcd cannot be read
	 * @throws FolderProperties.InvalidDocumentException when a document key cannot be
	 * parsed
	 */
	EtcdConfigPropertySource load(EtcdConfigDataResource resource) {
		synchronized (this.lock) {
			ImportedFolder known = this.folders.get(resource.getFolder());
			if (known != null) {
				return known.source;
			}
		}
		GetResult result = join(this.client.kv().get(GetOp.prefix(resource.getKeyPrefix())));
		FolderProperties properties = FolderProperties.of(resource.getKeyPrefix(), result.kvs(), null, false, logger);
		synchronized (this.lock) {
			ImportedFolder folder = new ImportedFolder(resource, new EtcdConfigPropertySource(resource, this));
			folder.reset(result.kvs(), result.header().revision());
			folder.properties = properties;
			this.folders.put(resource.getFolder(), folder);
			publish(result.header().revision());
			return folder.source;
		}
	}

	/**
	 * The current properties of a folder.
	 * @param folder the folder's name
	 * @return its properties
	 */
	FolderProperties properties(String folder) {
		return this.view.getOrDefault(folder, FolderProperties.EMPTY);
	}

	/**
	 * The revision the folders reflect: the newest read or applied.
	 * @return the revision
	 */
	long revision() {
		return this.revision;
	}

	/**
	 * Opens the watch. Retries and re-reads are scheduled on the given executor.
	 * @param listener receives the changes
	 * @param scheduler runs re-reads
	 */
	void start(Listener listener, ScheduledExecutorService scheduler) {
		synchronized (this.lock) {
			if (this.folders.isEmpty()) {
				return;
			}
			this.listener = listener;
			this.scheduler = scheduler;
			int current = ++this.run;
			long oldestRead = this.folders.values().stream().mapToLong((f) -> f.readRevision).min().orElse(0);
			openWatch(current, Math.max(oldestRead, this.applied) + 1);
		}
	}

	/** Closes the watch; nothing is applied after this returns. */
	void stop() {
		synchronized (this.lock) {
			this.run++;
			this.listener = null;
			this.scheduler = null;
			closeWatch();
		}
	}

	// guarded by lock
	private void openWatch(int current, long from) {
		closeWatch();
		this.watch = this.client.watch()
			.watch(KeyRange.prefix(this.prefix), WatchOptions.DEFAULT.withStartRevision(from), new Receiver(current));
	}

	// guarded by lock
	private void closeWatch() {
		if (this.watch != null) {
			this.watch.close();
			this.watch = null;
		}
	}

	private void apply(int current, List<WatchEvent> events) {
		synchronized (this.lock) {
			if (current != this.run) {
				return;
			}
			Set<ImportedFolder> touched = new LinkedHashSet<>();
			Set<String> keys = new TreeSet<>();
			long latest = 0;
			this.applied = Math.max(this.applied, events.get(events.size() - 1).revision());
			for (WatchEvent event : events) {
				String key = event.kv().keyAsString();
				ImportedFolder folder = folderOf(key);
				if (folder == null || event.revision() <= folder.readRevision) {
					continue;
				}
				if (event.type() == WatchEvent.Type.PUT) {
					folder.kvs.put(key, event.kv());
				}
				else {
					folder.kvs.remove(key);
				}
				touched.add(folder);
				keys.add(key);
				latest = Math.max(latest, event.revision());
			}
			if (!touched.isEmpty()) {
				update(touched, keys, latest);
			}
		}
	}

	// guarded by lock
	private @Nullable ImportedFolder folderOf(String key) {
		if (!key.startsWith(this.prefix)) {
			return null;
		}
		int slash = key.indexOf('/', this.prefix.length());
		return (slash > this.prefix.length()) ? this.folders.get(key.substring(this.prefix.length(), slash)) : null;
	}

	// guarded by lock
	private void update(Set<ImportedFolder> touched, Set<String> keys, long at) {
		Set<String> names = new TreeSet<>();
		for (ImportedFolder folder : touched) {
			FolderProperties before = folder.properties;
			folder.properties = FolderProperties.of(folder.resource.getKeyPrefix(), folder.kvs.values(), before, true,
					logger);
			names.addAll(FolderProperties.changes(before, folder.properties));
		}
		publish(at);
		if (!names.isEmpty() && this.listener != null) {
			this.listener.changed(new ConfigChange(this.prefix, at, names, keys));
		}
	}

	// guarded by lock
	private void publish(long at) {
		Map<String, FolderProperties> next = new HashMap<>();
		this.folders.forEach((name, folder) -> next.put(name, folder.properties));
		this.view = Map.copyOf(next);
		this.revision = Math.max(this.revision, at);
	}

	/** Reads every folder again at one revision, after the watch ended. */
	private void resync(int current, int attempt) {
		List<ImportedFolder> all;
		synchronized (this.lock) {
			if (current != this.run) {
				return;
			}
			closeWatch();
			all = new ArrayList<>(this.folders.values());
		}
		List<Op> reads = all.stream().map((f) -> (Op) GetOp.prefix(f.resource.getKeyPrefix())).toList();
		this.client.kv().txn(new TxnOp(List.of(), reads, List.of())).whenComplete((result, error) -> {
			if (error == null) {
				resynced(current, all, result);
			}
			else if (!(unwrap(error) instanceof ClientClosedException)) {
				String message = "Could not read etcd prefix '" + this.prefix + "' again (" + unwrap(error).getMessage()
						+ "); trying again";
				if (attempt == 0) {
					logger.warn(message);
				}
				else {
					logger.debug(message);
				}
				schedule(current, attempt + 1, pause(attempt));
			}
		});
	}

	private void resynced(int current, List<ImportedFolder> all, TxnResult result) {
		synchronized (this.lock) {
			if (current != this.run) {
				return;
			}
			long at = result.header().revision();
			Set<ImportedFolder> touched = new LinkedHashSet<>();
			Set<String> keys = new TreeSet<>();
			for (int i = 0; i < all.size(); i++) {
				ImportedFolder folder = all.get(i);
				List<KeyValue> kvs = result.result(i, GetResult.class).kvs();
				Map<String, Long> before = new HashMap<>();
				folder.kvs.forEach((key, kv) -> before.put(key, kv.modRevision()));
				for (KeyValue kv : kvs) {
					Long known = before.remove(kv.keyAsString());
					if (known == null || known != kv.modRevision()) {
						keys.add(kv.keyAsString());
						touched.add(folder);
					}
				}
				if (!before.isEmpty()) {
					keys.addAll(before.keySet());
					touched.add(folder);
				}
				folder.reset(kvs, at);
			}
			this.applied = Math.max(this.applied, at);
			update(touched, keys, at);
			logger.info("etcd prefix '" + this.prefix + "' is up to date again at revision " + at + " (" + keys.size()
					+ " keys changed)");
			openWatch(current, at + 1);
		}
	}

	private void schedule(int current, int attempt, long delayMillis) {
		ScheduledExecutorService executor;
		synchronized (this.lock) {
			executor = (current == this.run) ? this.scheduler : null;
		}
		if (executor != null) {
			try {
				executor.schedule(() -> resync(current, attempt), delayMillis, TimeUnit.MILLISECONDS);
			}
			catch (RejectedExecutionException ex) {
				// stopping
			}
		}
	}

	private static <T> T join(CompletableFuture<T> future) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	private static long pause(int attempt) {
		return Math.min(MAX_RETRY_PAUSE_MILLIS, 500L << Math.min(attempt, 10));
	}

	private static Throwable unwrap(Throwable error) {
		return (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
	}

	/** Receives the responses of one run's watch. */
	private final class Receiver implements WatchListener {

		private final int current;

		Receiver(int current) {
			this.current = current;
		}

		@Override
		public void onNext(WatchResponse response) {
			synchronized (EtcdConfigFeed.this.lock) {
				EtcdConfigFeed.this.watchFailures = 0;
			}
			if (!response.events().isEmpty()) {
				apply(this.current, response.events());
			}
		}

		@Override
		public void onError(EtcdException error) {
			if (error instanceof ClientClosedException) {
				return;
			}
			int failures;
			synchronized (EtcdConfigFeed.this.lock) {
				failures = ++EtcdConfigFeed.this.watchFailures;
			}
			String message = "The watch of etcd prefix '" + EtcdConfigFeed.this.prefix + "' ended ("
					+ ((error instanceof CompactedException compacted)
							? "history compacted to revision " + compacted.compactRevision() : error.getMessage())
					+ "); reading every folder again";
			if (failures == 1) {
				logger.warn(message);
			}
			else {
				logger.debug(message);
			}
			// a watch that fails again at once is re-read after growing pauses, never in
			// a busy loop
			schedule(this.current, 0, (failures == 1) ? 0 : pause(failures - 2));
		}

	}

}
