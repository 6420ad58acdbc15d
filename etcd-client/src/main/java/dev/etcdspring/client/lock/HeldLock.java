package dev.etcdspring.client.lock;

import java.util.concurrent.CompletableFuture;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.ResponseHeader;
import dev.etcdspring.client.lease.Session;

/**
 * A lock this client holds. It is held until {@link #unlock()} (or {@link #close()}), or
 * until its session is lost: check {@link #isActive()} or {@link #ended()} before acting
 * on shared state after a long pause. Use in try-with-resources:
 *
 * <pre>{@code
 * try (HeldLock lock = client.lock().lock("jobs/cleanup", Duration.ofSeconds(10)).join()) {
 *     // only one holder at a time runs this
 * }
 * }</pre>
 *
 * Thread-safe.
 */
public interface HeldLock extends AutoCloseable {

	/**
	 * The lock's name.
	 * @return the name
	 */
	ByteSequence name();

	/**
	 * The ownership key: exists exactly as long as the lock is held. Use its revision
	 * ({@link #header()}) as a fencing token in writes the lock protects.
	 * @return the key
	 */
	ByteSequence key();

	/**
	 * The response header of the acquisition; its revision orders holders.
	 * @return the header
	 */
	ResponseHeader header();

	/**
	 * The session the lock is held with.
	 * @return the session
	 */
	Session session();

	/**
	 * Whether the lock is still held: not unlocked and the session not lost.
	 * @return whether it is held
	 */
	boolean isActive();

	/**
	 * Completes when holding the lock ends: normally after {@link #close()} or
	 * {@link #unlock()}, exceptionally with the reason when it ends for any other reason
	 * (the session ended first, with the session's reason). Never completes while it is
	 * active.
	 * @return the future
	 */
	CompletableFuture<Void> ended();

	/**
	 * Releases the lock.
	 * @return the response header of the release
	 */
	CompletableFuture<ResponseHeader> unlock();

	/**
	 * Releases the lock and waits for the release (up to the request timeout).
	 * Idempotent.
	 */
	@Override
	void close();

}
