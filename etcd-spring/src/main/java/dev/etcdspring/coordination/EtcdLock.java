package dev.etcdspring.coordination;

import java.util.concurrent.locks.Lock;

/**
 * A distributed lock held in etcd, from an {@link EtcdLockRegistry}: a
 * {@link java.util.concurrent.locks.Lock} that excludes every thread of every process
 * that obtains the same key from a registry with the same prefix, re-entrant within a
 * thread.
 *
 * <p>
 * The lock is held with the registry's etcd session. When the session is lost (etcd
 * unreachable for longer than the session's TTL, or the lease gone on the server), the
 * lock may pass to another process while this thread still believes it holds it:
 * {@link #isHeldByCurrentThread()} turns false at once, a re-entrant {@code lock()} or
 * {@code tryLock()} claims it again in etcd, and the final {@link #unlock()} throws an
 * {@link EtcdLockLostException}. Writes the lock protects can carry the
 * {@linkplain #getFencingToken() fencing token} so that a store rejects a late writer.
 *
 * <p>
 * {@link #newCondition()} is not supported. Thread-safe.
 */
public interface EtcdLock extends Lock {

	/**
	 * The key the lock was obtained for, without the registry's prefix.
	 * @return the lock key
	 */
	String getLockKey();

	/**
	 * Whether the current thread holds this lock and its etcd session is still active.
	 * Check it before an irreversible step of long work.
	 * @return whether the lock is still held
	 */
	boolean isHeldByCurrentThread();

	/**
	 * Whether some thread of this registry holds the lock, its etcd session still active.
	 * @return whether the lock is held in this process
	 */
	boolean isAcquiredInThisProcess();

	/**
	 * The fencing token of the current hold: the etcd revision at which the holder's
	 * claim was created. Every later holder of the lock has a greater one, so a store
	 * that remembers the greatest token it saw can refuse the writes of a holder that
	 * lost the lock.
	 * @return the token
	 * @throws IllegalMonitorStateException when the current thread does not hold the lock
	 */
	long getFencingToken();

}
