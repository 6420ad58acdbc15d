package dev.etcdspring.coordination;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import dev.etcdspring.client.lease.Session;
import org.jspecify.annotations.Nullable;

/**
 * The session a lock registry holds its locks with, and the waits that must end when it
 * ends: a claim waiting for its turn wakes up when its session is lost, instead of
 * waiting for a turn that can no longer come. Thread-safe.
 */
final class LockSession {

	private final Session session;

	private final Map<Long, CompletableFuture<?>> wakeOnEnd = new ConcurrentHashMap<>();

	private final AtomicLong waiters = new AtomicLong();

	private volatile @Nullable Throwable lossReason;

	/**
	 * Wraps a session.
	 * @param session the session
	 * @param onLoss told, on the thread that ends the session, when it ends otherwise
	 * than by a close
	 */
	LockSession(Session session, BiConsumer<LockSession, Throwable> onLoss) {
		this.session = session;
		session.ended().whenComplete((ok, error) -> {
			if (error != null) {
				this.lossReason = LockWait.unwrap(error);
			}
			this.wakeOnEnd.values().forEach((waiter) -> waiter.complete(null));
			if (error != null) {
				onLoss.accept(this, LockWait.unwrap(error));
			}
		});
	}

	Session session() {
		return this.session;
	}

	long leaseId() {
		return this.session.leaseId();
	}

	boolean isActive() {
		return this.session.isActive();
	}

	/**
	 * Why the session ended, when it was lost.
	 * @return the reason, or {@code null} while active or after a close
	 */
	@Nullable Throwable lossReason() {
		return this.lossReason;
	}

	/**
	 * Completes the future when the session ends (at once if it has).
	 * @param waiter the future
	 * @return forgets the future, once the wait is over
	 */
	Runnable wakeOnEnd(CompletableFuture<?> waiter) {
		long id = this.waiters.incrementAndGet();
		this.wakeOnEnd.put(id, waiter);
		if (!this.session.isActive()) {
			waiter.complete(null);
		}
		return () -> this.wakeOnEnd.remove(id);
	}

	void close() {
		this.session.close();
	}

	@Override
	public String toString() {
		return "lease " + Long.toHexString(this.session.leaseId());
	}

}
