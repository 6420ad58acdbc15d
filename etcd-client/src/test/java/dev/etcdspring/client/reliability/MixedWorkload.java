package dev.etcdspring.client.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.error.LeaseLostException;
import dev.etcdspring.client.error.LeaseNotFoundException;
import dev.etcdspring.client.error.LockTimeoutException;
import dev.etcdspring.client.error.NoLeaderException;
import dev.etcdspring.client.error.RequestTimeoutException;
import dev.etcdspring.client.error.TooManyRequestsException;
import dev.etcdspring.client.error.UnavailableException;
import dev.etcdspring.client.kv.Compare;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.client.kv.GetResult;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.client.kv.TxnResult;
import dev.etcdspring.client.lease.KeepAlive;
import dev.etcdspring.client.lease.KeepAliveListener;
import dev.etcdspring.client.lease.Session;
import dev.etcdspring.client.lock.HeldLock;
import dev.etcdspring.client.watch.Watch;
import dev.etcdspring.client.watch.WatchEvent;
import dev.etcdspring.client.watch.WatchListener;
import dev.etcdspring.client.watch.WatchOptions;
import dev.etcdspring.client.watch.WatchResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A mixed workload over one client, run through a fault and then checked: writers that
 * record every acknowledged write (each key written once), readers of acknowledged keys,
 * watchers of everything the writers write, leases kept alive with a key each, and lock
 * holders incrementing a counter fenced by their lock's ownership key.
 *
 * <p>
 * What may fail during a fault: a call with a typed "try again" error (unavailable, no
 * leader, deadline, overloaded; a write then has an unknown outcome and is remembered as
 * such), a lock not won in time, a session reported lost. What must never happen: an
 * untyped error, an acknowledged write missing, a watcher missing or repeating a revision
 * or ending, a kept lease gone without its listener being told, two lock holders both
 * incrementing from the same value, a call outliving its deadline by more than the slack.
 * Every loop is bounded in count and in time.
 */
final class MixedWorkload {

	/**
	 * Scheduling slack on two shared cores: a call later than its deadline plus this
	 * outlived it.
	 */
	static final Duration SLACK = Duration.ofSeconds(2);

	private static final int WRITERS = 4;

	private static final int READERS = 2;

	private static final int WATCHERS = 3;

	private static final int LEASES = 3;

	private static final int LOCK_HOLDERS = 2;

	private static final Duration LEASE_TTL = Duration.ofSeconds(15);

	private static final Duration LOCK_WAIT = Duration.ofSeconds(5);

	/** Upper bounds of every loop: operations per worker and the run's length. */
	private static final int MAX_OPS_PER_WORKER = 200_000;

	private static final Duration MAX_RUN = Duration.ofMinutes(5);

	private final EtcdClient client;

	private final String prefix;

	private final Duration timeout;

	private final AtomicBoolean stop = new AtomicBoolean();

	private final List<Thread> threads = new ArrayList<>();

	private final long startedAt = System.nanoTime();

	// writes
	private final Map<String, Long> acked = new ConcurrentHashMap<>();

	private final Set<String> unknown = ConcurrentHashMap.newKeySet();

	private final AtomicLong maxAckedRevision = new AtomicLong();

	private final java.util.concurrent.atomic.AtomicReferenceArray<String> lastAcked = new java.util.concurrent.atomic.AtomicReferenceArray<>(
			WRITERS);

	// what went wrong: must stay empty
	private final Queue<String> violations = new ConcurrentLinkedQueue<>();

	// typed failures, by kind, for the report
	private final Map<String, AtomicLong> typedFailures = new ConcurrentHashMap<>();

	private final AtomicLong reads = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final AtomicLong slowestCall = new AtomicLong();

	private final AtomicLong slowestLock = new AtomicLong();

	// the fault under way, and when each kind of operation first succeeded after it
	private volatile long faultAt;

	private volatile long revisionAtFault = Long.MAX_VALUE;

	private final AtomicLong firstWriteAfterFault = new AtomicLong();

	private final AtomicLong firstReadAfterFault = new AtomicLong();

	private final AtomicLong firstEventAfterFault = new AtomicLong();

	private final List<Watcher> watchers = new ArrayList<>();

	private final List<KeptLease> leases = new ArrayList<>();

	// lock holders
	private final Set<Long> counterValuesWritten = ConcurrentHashMap.newKeySet();

	private final AtomicLong incrementsAcked = new AtomicLong();

	private final AtomicLong incrementsUnknown = new AtomicLong();

	private final AtomicLong incrementsFenced = new AtomicLong();

	private final AtomicLong sessionsLost = new AtomicLong();

	private final List<Session> sessions = new java.util.concurrent.CopyOnWriteArrayList<>();

	MixedWorkload(EtcdClient client, String prefix, Duration timeout) {
		this.client = client;
		this.prefix = prefix;
		this.timeout = timeout;
	}

	private String writes() {
		return this.prefix + "w/";
	}

	/**
	 * Starts every part of the workload; returns once the watches are created and leases
	 * kept.
	 */
	MixedWorkload start() {
		long startRevision = this.client.kv().put(this.prefix + "start", "x").join().header().revision() + 1;
		for (int i = 0; i < WATCHERS; i++) {
			Watcher watcher = new Watcher(i);
			watcher.watch = this.client.watch()
				.watch(KeyRange.prefix(writes()), WatchOptions.DEFAULT.withStartRevision(startRevision), watcher);
			this.watchers.add(watcher);
		}
		for (Watcher watcher : this.watchers) {
			watcher.watch.created().join();
		}
		for (int i = 0; i < LEASES; i++) {
			KeptLease lease = new KeptLease(this.prefix + "lease/" + i);
			lease.id = this.client.lease().grant(LEASE_TTL).join().id();
			this.client.kv().put(PutOp.of(lease.key, "kept").withLease(lease.id)).join();
			lease.keepAlive = this.client.lease().keepAlive(lease.id, lease);
			this.leases.add(lease);
		}
		for (int i = 0; i < WRITERS; i++) {
			int writer = i;
			spawn("writer-" + i, () -> writeLoop(writer));
		}
		for (int i = 0; i < READERS; i++) {
			spawn("reader-" + i, this::readLoop);
		}
		for (int i = 0; i < LOCK_HOLDERS; i++) {
			spawn("lock-holder-" + i, this::lockLoop);
		}
		return this;
	}

	/**
	 * Revokes a lease that was alive at the check, once its keep-alive is closed. "Not
	 * found" is the lease gone either way, not a finding: a revoke is repeatable (as in
	 * the Go client), so one whose first attempt was applied but answered with an error
	 * (a leader that was just paused, say) is sent again and finds nothing; and without
	 * its keep-alive the lease may also expire before the revoke arrives.
	 */
	private void revokeForCleanUp(long leaseId) {
		try {
			this.client.lease().withTimeout(Duration.ofSeconds(30)).revoke(leaseId).join();
		}
		catch (CompletionException ex) {
			if (!(ex.getCause() instanceof LeaseNotFoundException)) {
				throw ex;
			}
		}
	}

	private void spawn(String name, Runnable loop) {
		Thread thread = new Thread(() -> {
			try {
				loop.run();
			}
			catch (Throwable ex) {
				this.violations.add(name + " died: " + ex);
			}
		}, "workload-" + name);
		thread.setDaemon(true);
		this.threads.add(thread);
		thread.start();
	}

	private boolean running(long ops) {
		return !this.stop.get() && ops < MAX_OPS_PER_WORKER && System.nanoTime() - this.startedAt < MAX_RUN.toNanos();
	}

	/** Marks the start of a fault: the recovery figures count from now. */
	void fault() {
		this.revisionAtFault = this.maxAckedRevision.get();
		this.firstWriteAfterFault.set(0);
		this.firstReadAfterFault.set(0);
		this.firstEventAfterFault.set(0);
		this.faultAt = System.nanoTime();
	}

	long faultAt() {
		return this.faultAt;
	}

	/**
	 * Waits until writes, reads and watch events succeed again after the fault, and
	 * {@code more} writes were acknowledged.
	 */
	void awaitRecovery(int more, Duration atMost) {
		await("writes, reads and watch events after the fault").atMost(atMost)
			.until(() -> this.firstWriteAfterFault.get() != 0 && this.firstReadAfterFault.get() != 0
					&& this.firstEventAfterFault.get() != 0);
		awaitMoreWrites(more, atMost);
	}

	void awaitMoreWrites(int more, Duration atMost) {
		int target = this.acked.size() + more;
		await("" + more + " more acknowledged writes").atMost(atMost).until(() -> this.acked.size() >= target);
	}

	long ackedWrites() {
		return this.acked.size();
	}

	private void writeLoop(int writer) {
		long ops = 0;
		while (running(ops)) {
			ops++;
			String key = writes() + writer + "/" + String.format("%08d", ops);
			long start = System.nanoTime();
			try {
				String value = "v" + ops;
				long revision = call(() -> this.client.kv().put(key, value)).header().revision();
				this.acked.put(key, revision);
				this.lastAcked.set(writer, key);
				this.maxAckedRevision.accumulateAndGet(revision, Math::max);
				succeeded(this.firstWriteAfterFault, start);
			}
			catch (CompletionException ex) {
				this.unknown.add(key);
				failed("write", ex);
			}
		}
	}

	private void readLoop() {
		long ops = 0;
		while (running(ops)) {
			ops++;
			String key = anyAckedKey();
			long start = System.nanoTime();
			try {
				GetResult result = call(() -> this.client.kv().get((key != null) ? key : this.prefix + "start"));
				if (result.kvs().isEmpty()) {
					this.violations.add("an acknowledged key read as absent: " + key);
				}
				this.reads.incrementAndGet();
				succeeded(this.firstReadAfterFault, start);
			}
			catch (CompletionException ex) {
				failed("read", ex);
			}
		}
	}

	private String anyAckedKey() {
		return this.lastAcked.get(ThreadLocalRandom.current().nextInt(WRITERS));
	}

	private void lockLoop() {
		String counter = this.prefix + "counter";
		Session session = null;
		long ops = 0;
		while (running(ops)) {
			ops++;
			try {
				if (session == null || !session.isActive()) {
					if (session != null) {
						this.sessionsLost.incrementAndGet();
					}
					session = call(() -> this.client.lease().newSession(LEASE_TTL));
					this.sessions.add(session);
				}
				Session current = session;
				long start = System.nanoTime();
				HeldLock held;
				try {
					held = this.client.lock().lock(this.prefix + "lock", current, LOCK_WAIT).join();
				}
				finally {
					this.slowestLock.accumulateAndGet(System.nanoTime() - start, Math::max);
				}
				try {
					GetResult read = call(() -> this.client.kv().get(counter));
					long value = read.first().map((kv) -> Long.parseLong(kv.valueAsString())).orElse(0L);
					try {
						TxnResult result = call(() -> this.client.kv()
							.txn()
							.when(Compare.version(held.key()).greater(0))
							.then(PutOp.of(counter, Long.toString(value + 1)))
							.commit());
						if (result.succeeded()) {
							this.incrementsAcked.incrementAndGet();
							if (!this.counterValuesWritten.add(value + 1)) {
								this.violations.add("two lock holders both incremented the counter to " + (value + 1));
							}
						}
						else {
							this.incrementsFenced.incrementAndGet();
						}
					}
					catch (CompletionException ex) {
						this.incrementsUnknown.incrementAndGet();
						throw ex;
					}
				}
				finally {
					try {
						call(held::unlock);
					}
					catch (CompletionException ex) {
						failed("unlock", ex);
					}
				}
			}
			catch (CompletionException ex) {
				failed("lock", ex);
			}
		}
		if (session != null) {
			try {
				session.close();
			}
			catch (RuntimeException ex) {
				// verified through the lease list, not here
			}
		}
	}

	private <T> T call(Supplier<CompletableFuture<T>> call) {
		long start = System.nanoTime();
		try {
			return call.get().join();
		}
		finally {
			this.slowestCall.accumulateAndGet(System.nanoTime() - start, Math::max);
		}
	}

	private void succeeded(AtomicLong firstAfterFault, long start) {
		if (this.faultAt != 0 && start - this.faultAt >= 0) {
			firstAfterFault.compareAndSet(0, System.nanoTime());
		}
	}

	long failures() {
		return this.failures.get();
	}

	private void failed(String what, CompletionException ex) {
		this.failures.incrementAndGet();
		Throwable cause = ex.getCause();
		if (cause instanceof UnavailableException || cause instanceof NoLeaderException
				|| cause instanceof RequestTimeoutException || cause instanceof TooManyRequestsException
				|| cause instanceof LockTimeoutException || cause instanceof LeaseLostException
				|| cause instanceof LeaseNotFoundException) {
			this.typedFailures.computeIfAbsent(what + ": " + cause.getClass().getSimpleName(), (k) -> new AtomicLong())
				.incrementAndGet();
		}
		else {
			this.violations.add(what + " failed with an unexpected error: " + cause);
		}
		// pacing, not synchronisation: a failed call is not retried in a tight loop
		LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
	}

	/**
	 * Stops the workload, waits for the watchers to see the last write, and checks every
	 * promise.
	 * @return what was measured
	 */
	Report stopAndVerify() {
		this.stop.set(true);
		for (Thread thread : this.threads) {
			try {
				thread.join(TimeUnit.SECONDS.toMillis(60));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			assertThat(thread.isAlive()).as(thread.getName() + " stopped").isFalse();
		}
		// a last write every watcher must reach, then the store's view of everything
		// written
		long last = this.client.kv()
			.withTimeout(Duration.ofSeconds(30))
			.put(writes() + "~end", "x")
			.join()
			.header()
			.revision();
		await("every watcher reaches the last write").atMost(Duration.ofSeconds(60))
			.until(() -> this.watchers.stream().allMatch((w) -> w.lastRevision() >= last || !w.watch.isActive()));
		GetResult stored = this.client.kv()
			.withTimeout(Duration.ofSeconds(30))
			.get(GetOp.prefix(writes()).withRevision(last))
			.join();
		NavigableSet<Long> storedRevisions = new TreeSet<>();
		Map<String, Long> storedKeys = new java.util.HashMap<>();
		for (KeyValue kv : stored.kvs()) {
			storedRevisions.add(kv.modRevision());
			storedKeys.put(kv.keyAsString(), kv.modRevision());
		}
		List<String> problems = new ArrayList<>(this.violations);
		this.acked.forEach((key, revision) -> {
			Long found = storedKeys.get(key);
			if (found == null || found.longValue() != revision.longValue()) {
				problems.add("acknowledged write " + key + "@" + revision + " is "
						+ ((found != null) ? "@" + found : "missing"));
			}
		});
		storedKeys.keySet()
			.stream()
			.filter((key) -> !this.acked.containsKey(key) && !this.unknown.contains(key) && !key.endsWith("~end"))
			.forEach((key) -> problems.add("a key nobody wrote: " + key));
		for (Watcher watcher : this.watchers) {
			if (!watcher.watch.isActive()) {
				problems.add("watcher " + watcher.index + " ended: " + watcher.error);
			}
			problems.addAll(watcher.problems);
			NavigableSet<Long> seen = new TreeSet<>(watcher.revisions.headSet(last, true));
			NavigableSet<Long> missed = new TreeSet<>(storedRevisions);
			missed.removeAll(seen);
			NavigableSet<Long> extra = new TreeSet<>(seen);
			extra.removeAll(storedRevisions);
			if (!missed.isEmpty()) {
				problems.add("watcher " + watcher.index + " missed " + missed.size() + " revisions, first "
						+ missed.first());
			}
			if (!extra.isEmpty()) {
				problems.add("watcher " + watcher.index + " saw " + extra.size() + " revisions not in the store, first "
						+ extra.first());
			}
		}
		int leasesTold = 0;
		for (KeptLease lease : this.leases) {
			if (lease.ended != null) {
				leasesTold++;
				continue;
			}
			long ttl = this.client.lease()
				.withTimeout(Duration.ofSeconds(30))
				.timeToLive(lease.id, false)
				.join()
				.ttlSeconds();
			boolean keyThere = !this.client.kv()
				.withTimeout(Duration.ofSeconds(30))
				.get(lease.key)
				.join()
				.kvs()
				.isEmpty();
			if (ttl <= 0 || !keyThere) {
				problems.add("kept lease " + Long.toHexString(lease.id) + " expired (ttl " + ttl + ", key "
						+ (keyThere ? "present" : "gone") + ") and its listener was not told");
			}
			lease.keepAlive.close();
			revokeForCleanUp(lease.id);
		}
		long counter = this.client.kv()
			.withTimeout(Duration.ofSeconds(30))
			.get(this.prefix + "counter")
			.join()
			.first()
			.map((kv) -> Long.parseLong(kv.valueAsString()))
			.orElse(0L);
		long ackedIncrements = this.incrementsAcked.get();
		if (counter < ackedIncrements || counter > ackedIncrements + this.incrementsUnknown.get()) {
			problems.add("fenced counter is " + counter + " after " + ackedIncrements + " acknowledged and "
					+ this.incrementsUnknown.get() + " unknown increments");
		}
		long deadlineBound = this.timeout.plus(SLACK).toNanos();
		if (this.slowestCall.get() > deadlineBound) {
			problems.add("a call took " + Figures.millis(this.slowestCall.get()) + ", past its deadline of "
					+ this.timeout.toMillis() + " ms plus " + SLACK.toMillis() + " ms slack");
		}
		// a lock not won in time withdraws its claim before failing, a delete with the
		// request timeout
		// (as the Go client's Mutex unlocks on a cancelled wait): when no member answers,
		// that is a
		// second deadline
		if (this.slowestLock.get() > LOCK_WAIT.plus(this.timeout).plus(SLACK).toNanos()) {
			problems.add("a lock wait took " + Figures.millis(this.slowestLock.get()) + ", past its timeout of "
					+ LOCK_WAIT.toMillis() + " ms, the withdrawal's " + this.timeout.toMillis() + " ms and the slack");
		}
		for (Watcher watcher : this.watchers) {
			watcher.watch.close();
		}
		Report report = new Report(this.acked.size(), this.unknown.size(), this.reads.get(), ackedIncrements,
				this.incrementsUnknown.get(), this.incrementsFenced.get(), this.sessionsLost.get(), leasesTold,
				this.slowestCall.get(), this.slowestLock.get(), since(this.firstWriteAfterFault),
				since(this.firstReadAfterFault), since(this.firstEventAfterFault), Map.copyOf(this.typedFailures));
		assertThat(problems).as("reliability violations; workload " + report).isEmpty();
		return report;
	}

	private long since(AtomicLong first) {
		long at = first.get();
		return (at == 0 || this.faultAt == 0) ? -1 : at - this.faultAt;
	}

	/** What one run measured. */
	record Report(long ackedWrites, long unknownWrites, long reads, long incrementsAcked, long incrementsUnknown,
			long incrementsFenced, long sessionsLost, int leasesTold, long slowestCallNanos, long slowestLockNanos,
			long firstWriteNanos, long firstReadNanos, long firstEventNanos, Map<String, AtomicLong> typedFailures) {

		void publish(String test) {
			Figures.record(test, "first write / read / watch event after the fault",
					Figures.millis(this.firstWriteNanos) + " / " + Figures.millis(this.firstReadNanos) + " / "
							+ Figures.millis(this.firstEventNanos));
			Figures.record(test, "slowest call / lock wait",
					Figures.millis(this.slowestCallNanos) + " / " + Figures.millis(this.slowestLockNanos));
			Figures.record(test,
					"writes acknowledged / unknown outcome; reads; fenced increments (unknown, fenced off)",
					this.ackedWrites + " / " + this.unknownWrites + "; " + this.reads + "; " + this.incrementsAcked
							+ " (" + this.incrementsUnknown + ", " + this.incrementsFenced + ")");
			Figures.record(test, "typed failures during the fault",
					this.typedFailures.isEmpty() ? "none" : new java.util.TreeMap<>(this.typedFailures).toString());
			Figures.record(test, "sessions lost (holder told) / kept leases ended (holder told)",
					this.sessionsLost + " / " + this.leasesTold);
		}

	}

	/** One watch of every write, checking order and uniqueness as events arrive. */
	private final class Watcher implements WatchListener {

		final int index;

		volatile Watch watch;

		final NavigableSet<Long> revisions = new ConcurrentSkipListSet<>();

		final Queue<String> problems = new ConcurrentLinkedQueue<>();

		private volatile long last;

		volatile EtcdException error;

		Watcher(int index) {
			this.index = index;
		}

		long lastRevision() {
			return this.last;
		}

		@Override
		public void onNext(WatchResponse response) {
			for (WatchEvent event : response.events()) {
				long revision = event.revision();
				if (revision <= this.last) {
					this.problems.add("watcher " + this.index + " got revision " + revision + " after " + this.last);
				}
				this.last = revision;
				if (!this.revisions.add(revision)) {
					this.problems.add("watcher " + this.index + " got revision " + revision + " twice");
				}
				if (revision > MixedWorkload.this.revisionAtFault && MixedWorkload.this.faultAt != 0) {
					MixedWorkload.this.firstEventAfterFault.compareAndSet(0, System.nanoTime());
				}
			}
		}

		@Override
		public void onError(EtcdException error) {
			this.error = error;
		}

	}

	/**
	 * A lease kept alive with a key attached; remembers whether its listener was told it
	 * ended.
	 */
	private static final class KeptLease implements KeepAliveListener {

		final String key;

		volatile long id;

		volatile KeepAlive keepAlive;

		volatile EtcdException ended;

		KeptLease(String key) {
			this.key = key;
		}

		@Override
		public void onEnded(EtcdException reason) {
			this.ended = reason;
		}

	}

}
