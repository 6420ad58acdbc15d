package dev.etcdspring.coordination;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.error.EtcdException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.CannotAcquireLockException;

/**
 * An {@link EtcdLock}: a local {@link ReentrantLock} that lets one thread of the process
 * at a time go for the lock and counts its re-entries, and a {@link LockClaim} in etcd
 * while the lock is held. A re-entry checks that the claim's session is still active, and
 * claims the lock again if it is not (as the Redis and JDBC registries check their store
 * on every acquisition), which is what Spring Integration's
 * {@code LockRegistryLeaderInitiator} relies on to notice a lost lock.
 */
final class RegistryLock implements EtcdLock {

	private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private static final long LAST_RETRY_NANOS = TimeUnit.SECONDS.toNanos(2);

	private final EtcdLockRegistry registry;

	private final String lockKey;

	private final ByteSequence prefix;

	private final long id;

	private final ReentrantLock local = new ReentrantLock();

	/** The holder's claim; set and cleared by the holding thread. */
	private volatile @Nullable Ownership ownership;

	private volatile long lastUsed = System.currentTimeMillis();

	RegistryLock(EtcdLockRegistry registry, String lockKey, ByteSequence prefix, long id) {
		this.registry = registry;
		this.lockKey = lockKey;
		this.prefix = prefix;
		this.id = id;
	}

	@Override
	public String getLockKey() {
		return this.lockKey;
	}

	@Override
	public void lock() {
		this.local.lock();
		try {
			acquireOrUnlock(LockWait.forever(false));
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException("An uninterruptible lock() was interrupted", ex);
		}
	}

	@Override
	public void lockInterruptibly() throws InterruptedException {
		this.local.lockInterruptibly();
		acquireOrUnlock(LockWait.forever(true));
	}

	@Override
	public boolean tryLock() {
		if (!this.local.tryLock()) {
			return false;
		}
		try {
			return acquireOrUnlock(LockWait.until(System.nanoTime()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
		long deadline = System.nanoTime() + unit.toNanos(time);
		if (!this.local.tryLock(time, unit)) {
			return false;
		}
		return acquireOrUnlock(LockWait.until(deadline));
	}

	/** Holds the local lock: takes the etcd side, or gives the local lock back. */
	private boolean acquireOrUnlock(LockWait wait) throws InterruptedException {
		boolean acquired = false;
		try (wait) {
			acquired = acquire(wait);
			return acquired;
		}
		finally {
			if (!acquired) {
				this.local.unlock();
			}
		}
	}

	private boolean acquire(LockWait wait) throws InterruptedException {
		Ownership held = this.ownership;
		if (held != null) {
			if (held.session().isActive()) {
				this.lastUsed = System.currentTimeMillis();
				return true;
			}
			// lost while held: the outer holds stay, the final unlock reports the loss
			// unless this claims it again
			this.ownership = null;
		}
		LockClaim claim = null;
		long retry = 0;
		while (true) {
			try {
				if (retry > 0) {
					// the claim stays: making it again is idempotent
					wait.pause(retry);
				}
				if (claim == null || !claim.session().isActive()) {
					claim = new LockClaim(this.registry.client(), this.registry.session(wait), this.prefix, this.id,
							this.registry.holder());
				}
				claim.acquire(wait);
				this.ownership = new Ownership(claim.session(), claim.key(), claim.revision());
				this.lastUsed = System.currentTimeMillis();
				return true;
			}
			catch (LockClaim.SessionEndedException ex) {
				claim = null;
			}
			catch (TimeoutException ex) {
				withdraw(claim);
				return false;
			}
			catch (InterruptedException ex) {
				withdraw(claim);
				throw ex;
			}
			catch (EtcdException ex) {
				if (!EtcdLockRegistry.isTransient(ex)) {
					withdraw(claim);
					throw new CannotAcquireLockException(
							"Could not take the etcd lock '" + this.lockKey + "': " + ex.getMessage(), ex);
				}
				retry = (retry == 0) ? FIRST_RETRY_NANOS : Math.min(retry * 2, LAST_RETRY_NANOS);
			}
		}
	}

	private void withdraw(@Nullable LockClaim claim) {
		if (claim != null) {
			this.registry.release(claim.session(), claim.key());
		}
	}

	@Override
	public void unlock() {
		if (!this.local.isHeldByCurrentThread()) {
			throw new IllegalMonitorStateException("The current thread does not hold the etcd lock '" + this.lockKey
					+ "': call unlock() on the thread that locked it, once for each successful lock() or tryLock()");
		}
		if (this.local.getHoldCount() > 1) {
			this.local.unlock();
			return;
		}
		Ownership held = this.ownership;
		this.ownership = null;
		try {
			if (held == null || !held.session().isActive()) {
				throw new EtcdLockLostException(this.lockKey, (held != null) ? held.session().lossReason() : null);
			}
			this.registry.release(held.session(), held.claimKey());
		}
		finally {
			this.lastUsed = System.currentTimeMillis();
			this.local.unlock();
			this.registry.released();
		}
	}

	@Override
	public Condition newCondition() {
		throw new UnsupportedOperationException("An etcd lock has no conditions: use a watch on a key to wait for "
				+ "a change made by another process");
	}

	@Override
	public boolean isHeldByCurrentThread() {
		Ownership held = this.ownership;
		return this.local.isHeldByCurrentThread() && held != null && held.session().isActive();
	}

	@Override
	public boolean isAcquiredInThisProcess() {
		Ownership held = this.ownership;
		return this.local.isLocked() && held != null && held.session().isActive();
	}

	@Override
	public long getFencingToken() {
		Ownership held = this.ownership;
		if (!this.local.isHeldByCurrentThread() || held == null) {
			throw new IllegalMonitorStateException("The current thread does not hold the etcd lock '" + this.lockKey
					+ "', so it has no fencing token: take the lock first");
		}
		return held.revision();
	}

	/**
	 * Whether the lock is unlocked, nobody waits for it, and it was last used before the
	 * time.
	 */
	boolean isUnusedSince(long millis) {
		return !this.local.isLocked() && !this.local.hasQueuedThreads() && this.lastUsed < millis;
	}

	/**
	 * Whether another thread than the current one holds the lock (not merely waits for
	 * it).
	 */
	boolean isHeldByAnotherThread() {
		return this.local.isLocked() && !this.local.isHeldByCurrentThread() && this.ownership != null;
	}

	/** Whether the lock is held with the session. */
	boolean isHeldWith(LockSession session) {
		Ownership held = this.ownership;
		return held != null && held.session() == session;
	}

	@Override
	public String toString() {
		Ownership held = this.ownership;
		return "EtcdLock[" + this.lockKey + ((held != null) ? ", held with " + held.session() : ", unlocked") + "]";
	}

	/** A claim that owns the lock. */
	private record Ownership(LockSession session, ByteSequence claimKey, long revision) {
	}

}
