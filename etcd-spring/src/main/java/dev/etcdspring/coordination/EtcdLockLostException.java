package dev.etcdspring.coordination;

import java.util.ConcurrentModificationException;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link EtcdLock#unlock()} when the lock was lost before it was released: its
 * etcd session ended (etcd was unreachable for longer than the session's TTL, the lease
 * was revoked, or the registry was destroyed), so another process may have held the lock
 * meanwhile. The local hold is released all the same. A
 * {@link ConcurrentModificationException}, as Spring Integration's Redis and JDBC lock
 * registries report an expired lock.
 */
public class EtcdLockLostException extends ConcurrentModificationException {

	private static final long serialVersionUID = 1L;

	private final String lockKey;

	/**
	 * An exception for a lost lock.
	 * @param lockKey the lock's key
	 * @param reason why the session ended, or {@code null} when it was closed
	 */
	public EtcdLockLostException(String lockKey, @Nullable Throwable reason) {
		super("The etcd lock '" + lockKey + "' was lost before unlock(): its session ended ("
				+ ((reason != null) ? reason.getMessage() : "closed, with its lock registry") + "). Another process "
				+ "may have held the lock meanwhile, so the work done under it may have overlapped with theirs; "
				+ "the lock is released here. Make that work idempotent, or pass the lock's fencing token "
				+ "(EtcdLock.getFencingToken()) with the writes it protects so that stale writers are refused", reason);
		this.lockKey = lockKey;
	}

	/**
	 * The key of the lost lock.
	 * @return the lock key
	 */
	public String getLockKey() {
		return this.lockKey;
	}

}
