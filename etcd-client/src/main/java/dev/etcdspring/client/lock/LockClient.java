package dev.etcdspring.client.lock;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.lease.Session;

/**
 * Distributed locks: etcd's Lock service. A lock is held with a {@link Session}, a lease
 * the client keeps alive: if the holder dies, its lease expires after the session's TTL
 * and the next waiter gets the lock. Waiters are served in the order they asked, each
 * watching only its predecessor.
 *
 * <p>
 * Thread-safe; obtained from {@link dev.etcdspring.client.EtcdClient#lock()}.
 *
 * <p>
 * Cancelling a returned future cancels the call on the wire: its HTTP/2 stream is reset
 * and the server stops working on it (a write that already reached the server may still
 * be applied).
 */
public interface LockClient {

	/**
	 * TTL of the client's default session, used when no session is given (as in the Go
	 * client).
	 */
	Duration DEFAULT_SESSION_TTL = Duration.ofSeconds(60);

	/**
	 * Acquires a lock with the given session, waiting up to {@code timeout}.
	 * @param name the lock's name (a key prefix)
	 * @param session the session to hold it with
	 * @param timeout how long to wait for the lock
	 * @return the held lock; fails with
	 * {@link dev.etcdspring.client.error.LockTimeoutException} when the timeout passes
	 * (the claim is then withdrawn)
	 */
	CompletableFuture<HeldLock> lock(ByteSequence name, Session session, Duration timeout);

	/**
	 * Acquires a lock with the given session, waiting up to {@code timeout}.
	 * @param name the lock's name (a key prefix), UTF-8
	 * @param session the session to hold it with
	 * @param timeout how long to wait for the lock
	 * @return the held lock; fails with
	 * {@link dev.etcdspring.client.error.LockTimeoutException} when the timeout passes
	 * (the claim is then withdrawn)
	 */
	default CompletableFuture<HeldLock> lock(String name, Session session, Duration timeout) {
		return lock(ByteSequence.from(name), session, timeout);
	}

	/**
	 * Acquires a lock with the client's default session ({@link #DEFAULT_SESSION_TTL}),
	 * waiting up to {@code timeout}.
	 * @param name the lock's name, UTF-8
	 * @param timeout how long to wait for the lock
	 * @return the held lock
	 */
	CompletableFuture<HeldLock> lock(String name, Duration timeout);

	/**
	 * A view of this client whose calls have another deadline (the client's request
	 * timeout by default).
	 * @param timeout the deadline of each call, retries included
	 * @return the view
	 */
	LockClient withTimeout(Duration timeout);

}
