package dev.etcdspring.coordination;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.error.ClientClosedException;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.error.LeaseNotFoundException;
import dev.etcdspring.client.error.RequestTimeoutException;
import dev.etcdspring.client.error.TooManyRequestsException;
import dev.etcdspring.client.error.UnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.integration.support.locks.ExpirableLockRegistry;
import org.springframework.util.Assert;

/**
 * Spring Integration's {@link org.springframework.integration.support.locks.LockRegistry}
 * over etcd: {@link #obtain(Object)} hands out {@link EtcdLock}s, distributed locks that
 * exclude every thread of every process whose registry has the same key prefix (and the
 * same etcd namespace). Locks are re-entrant within a thread and honour the whole
 * {@link java.util.concurrent.locks.Lock} contract but conditions; they work with Spring
 * Integration's {@code LockRegistryLeaderInitiator}.
 *
 * <pre>{@code
 * Lock lock = registry.obtain("nightly-report");
 * if (lock.tryLock()) {
 *     try {
 *         // only one instance gets here at a time
 *     }
 *     finally {
 *         lock.unlock();
 *     }
 * }
 * }</pre>
 *
 * <p>
 * In etcd a lock is a key prefix ({@code <prefix><lock key>/}); a holder or waiter has a
 * claim key under it, attached to the lease of the registry's session, and the oldest
 * claim owns the lock (the recipe of etcd's Lock service, whose claims take part in the
 * same order). All locks of a registry share one session, created on first use and kept
 * alive by the client: one lease and one renewal every third of the
 * {@linkplain #setSessionTtl(Duration) session TTL}, however many locks. If the process
 * dies, its locks pass to the next holders when the TTL runs out. If the session is lost
 * (no renewal answered within the TTL), the locks held with it are reported lost: a
 * warning is logged, {@link EtcdLock#isHeldByCurrentThread()} turns false and
 * {@code unlock()} throws an {@link EtcdLockLostException}; the next acquisition starts a
 * new session.
 *
 * <p>
 * A waiting thread blocks; nothing runs on the client's threads but the wake-ups. Calls
 * to etcd that fail transiently (no leader, unavailable, timed out) are retried while the
 * caller's wait lasts; others fail the acquisition with Spring's
 * {@link org.springframework.dao.CannotAcquireLockException}. Lock objects are cached by
 * key; {@link #expireUnusedOlderThan(long)} drops the unused ones. {@link #destroy()}
 * waits (up to the TTL) for the locks other threads hold to be released, then ends the
 * session. Thread-safe.
 */
public class EtcdLockRegistry implements ExpirableLockRegistry<EtcdLock>, DisposableBean {

	/** The default key prefix of the locks. */
	public static final String DEFAULT_PREFIX = "locks/";

	/**
	 * The default TTL of the registry's session: how long a dead process's locks stay
	 * held.
	 */
	public static final Duration DEFAULT_SESSION_TTL = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(EtcdLockRegistry.class);

	private static final long RELEASE_FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private static final long RELEASE_LAST_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final EtcdClient client;

	private final String prefix;

	private final Map<String, RegistryLock> locks = new ConcurrentHashMap<>();

	private final AtomicLong lockIds = new AtomicLong();

	private final String holder = "pid " + ProcessHandle.current().pid();

	private volatile Duration sessionTtl = DEFAULT_SESSION_TTL;

	private @Nullable CompletableFuture<LockSession> session;

	private boolean destroyed;

	/**
	 * A registry whose locks live under {@link #DEFAULT_PREFIX}.
	 * @param client the client
	 */
	public EtcdLockRegistry(EtcdClient client) {
		this(client, DEFAULT_PREFIX);
	}

	/**
	 * A registry whose locks live under a prefix (relative to the client's namespace).
	 * @param client the client
	 * @param prefix the key prefix, such as {@code locks/}; empty for none
	 */
	public EtcdLockRegistry(EtcdClient client, String prefix) {
		Assert.notNull(client, "The EtcdClient must not be null");
		Assert.notNull(prefix, "The lock prefix must not be null: use \"\" for none");
		this.client = client;
		this.prefix = prefix;
	}

	/**
	 * Sets the TTL of the session the locks are held with: how long the locks of a
	 * process that died stay held, and how long etcd may be unreachable before the locks
	 * are reported lost. Applies to sessions started afterwards. Etcd rounds it up to
	 * whole seconds and to its own minimum.
	 * @param sessionTtl the TTL, at least one second
	 * @throws IllegalArgumentException when the TTL is shorter than a second
	 */
	public void setSessionTtl(Duration sessionTtl) {
		Assert.notNull(sessionTtl, "The session TTL must not be null");
		if (sessionTtl.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("The session TTL of an EtcdLockRegistry must be at least one second "
					+ "(etcd leases count whole seconds), was " + sessionTtl + ": it is how long the locks of a dead "
					+ "process stay held, typically a few seconds");
		}
		this.sessionTtl = sessionTtl;
	}

	/**
	 * The TTL of the session the locks are held with.
	 * @return the TTL
	 */
	public Duration getSessionTtl() {
		return this.sessionTtl;
	}

	/**
	 * The key prefix of the locks.
	 * @return the prefix
	 */
	public String getPrefix() {
		return this.prefix;
	}

	/**
	 * The lock for a key: the same object for the same key until it expires unused.
	 * @param lockKey the key, a non-empty {@link String}
	 * @return the lock
	 * @throws IllegalArgumentException when the key is not a non-empty string
	 */
	@Override
	public EtcdLock obtain(Object lockKey) {
		if (!(lockKey instanceof String key) || key.isEmpty()) {
			throw new IllegalArgumentException("An etcd lock key must be a non-empty String naming what the lock "
					+ "guards, such as \"nightly-report\"; got " + ((lockKey instanceof String) ? "\"\"" : lockKey));
		}
		return this.locks.computeIfAbsent(key, (name) -> new RegistryLock(this, name,
				ByteSequence.from(this.prefix + name + "/"), this.lockIds.incrementAndGet()));
	}

	/**
	 * Drops the lock objects that nobody holds or waits for and that were last used more
	 * than {@code age} milliseconds ago; {@link #obtain(Object)} makes new ones. A thread
	 * still using a dropped object stays safe: it then competes with the new object in
	 * etcd.
	 * @param age the age in milliseconds
	 */
	@Override
	public void expireUnusedOlderThan(long age) {
		long before = System.currentTimeMillis() - age;
		this.locks.values().removeIf((lock) -> lock.isUnusedSince(before));
	}

	/**
	 * The session locks are taken with now: the current one while it is active, else a
	 * new one.
	 * @param wait how to wait for a new session's lease
	 * @return the session
	 * @throws IllegalStateException when the registry was destroyed
	 */
	LockSession session(LockWait wait) throws InterruptedException {
		CompletableFuture<LockSession> current;
		synchronized (this) {
			if (this.destroyed) {
				throw new IllegalStateException("This EtcdLockRegistry was destroyed (its application context is "
						+ "closing): no lock can be taken with it any more");
			}
			current = this.session;
			if (current == null || current.isCompletedExceptionally()
					|| (current.isDone() && !current.join().isActive())) {
				current = this.client.lease()
					.newSession(this.sessionTtl)
					.thenApply((started) -> new LockSession(started, this::lost));
				this.session = current;
			}
		}
		return wait.call(current);
	}

	/**
	 * Reports the locks held with a session that was lost. Runs on the thread that ended
	 * it.
	 */
	private void lost(LockSession session, Throwable reason) {
		for (RegistryLock lock : this.locks.values()) {
			if (lock.isHeldWith(session)) {
				logger.warn("The etcd lock '" + lock.getLockKey() + "' was lost while held: its session (" + session
						+ ") ended (" + reason.getMessage() + "). Another process may take it now; its holder is told "
						+ "when it unlocks or checks EtcdLock.isHeldByCurrentThread()");
			}
		}
	}

	/**
	 * Deletes a claim key while its session is active, retrying transient failures for up
	 * to the session's TTL (a longer outage ends the session, and the claim with it). A
	 * claim that cannot be deleted ends its session, so that it does not block the lock
	 * for as long as the process lives: the other locks held with the session are then
	 * reported lost.
	 */
	void release(LockSession session, ByteSequence claimKey) {
		long giveUp = System.nanoTime() + this.sessionTtl.toNanos();
		long retry = RELEASE_FIRST_RETRY_NANOS;
		try (LockWait wait = LockWait.forever(false)) {
			while (session.isActive()) {
				try {
					wait.call(this.client.kv().delete(claimKey));
					return;
				}
				catch (ClientClosedException ex) {
					logger.debug("The etcd client is closed: the lock claim " + claimKey + " goes with its lease");
					return;
				}
				catch (EtcdException ex) {
					if (!isTransient(ex) || System.nanoTime() - giveUp > 0) {
						logger.warn("Could not delete the etcd lock claim " + claimKey + ", so its session (" + session
								+ ") is ended to release it: " + ex.getMessage(), ex);
						break;
					}
				}
				wait.pause(retry);
				retry = Math.min(retry * 2, RELEASE_LAST_RETRY_NANOS);
			}
		}
		catch (InterruptedException | TimeoutException ex) {
			throw new IllegalStateException("An unbounded, uninterruptible wait ended early", ex);
		}
		if (session.isActive()) {
			session.close();
		}
	}

	/**
	 * Whether a failed call may succeed if made again.
	 * @param ex the failure
	 * @return whether to retry
	 */
	static boolean isTransient(EtcdException ex) {
		return ex instanceof UnavailableException || ex instanceof RequestTimeoutException
				|| ex instanceof TooManyRequestsException || ex instanceof LeaseNotFoundException;
	}

	EtcdClient client() {
		return this.client;
	}

	String holder() {
		return this.holder + ", thread " + Thread.currentThread().getName();
	}

	/**
	 * Refuses new acquisitions, waits up to the session TTL for the locks other threads
	 * hold to be released (such as the lock of a leader initiator whose thread is
	 * stopping), then ends the session: revoking its lease releases every lock still held
	 * with it at once, for the next holders. So a lock passes on only once its holder let
	 * go, or after the TTL as if the process had died. Locks still held are lost: their
	 * {@code unlock()} throws {@link EtcdLockLostException}. Idempotent.
	 */
	@Override
	public void destroy() {
		CompletableFuture<LockSession> current;
		synchronized (this) {
			this.destroyed = true;
			long deadline = System.nanoTime() + this.sessionTtl.toNanos();
			long left = this.sessionTtl.toNanos();
			while (isHeldByOtherThreads() && left > 0) {
				try {
					TimeUnit.NANOSECONDS.timedWait(this, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
				left = deadline - System.nanoTime();
			}
			if (isHeldByOtherThreads()) {
				logger.warn("Locks of " + this + " are still held after " + this.sessionTtl.toMillis()
						+ " ms: its etcd session ends all the same, and they are lost");
			}
			current = this.session;
			this.session = null;
		}
		if (current != null) {
			try {
				LockWait.callUninterruptibly(current).close();
			}
			catch (RuntimeException ex) {
				// no session was started, or its lease expires after its TTL
				logger.debug("Ending the lock registry's etcd session failed", ex);
			}
		}
	}

	private boolean isHeldByOtherThreads() {
		return this.locks.values().stream().anyMatch(RegistryLock::isHeldByAnotherThread);
	}

	/** A lock was released by its last hold: a destroy waiting for it can go on. */
	synchronized void released() {
		notifyAll();
	}

	@Override
	public String toString() {
		return "EtcdLockRegistry[prefix '" + this.prefix + "', " + this.locks.size() + " locks]";
	}

}
