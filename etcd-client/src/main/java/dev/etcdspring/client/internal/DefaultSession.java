package dev.etcdspring.client.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.error.LeaseLostException;
import dev.etcdspring.client.lease.KeepAliveListener;
import dev.etcdspring.client.lease.Session;

/**
 * A lease kept alive until closed, then revoked. Unlike a plain keep-alive, a session is
 * lost as soon as its lease may have expired: when no renewal was answered within the TTL
 * (counted from the sending of the last answered request), since a lock or a leadership
 * held with it may then be someone else's. A lost session stops renewing and revokes its
 * lease (best effort), so that what it held is released for others at once if the lease
 * did survive.
 */
final class DefaultSession implements Session {

	private static final System.Logger log = System.getLogger(DefaultSession.class.getName());

	private final LeaseService leases;

	private final Connection connection;

	private final long leaseId;

	private final LeaseKeeper.Handle keepAlive;

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	private volatile boolean lost;

	private final AtomicBoolean closed = new AtomicBoolean();

	DefaultSession(LeaseService leases, LeaseKeeper keeper, Connection connection, long leaseId, long safeUntilNanos) {
		this.leases = leases;
		this.connection = connection;
		this.leaseId = leaseId;
		this.keepAlive = keeper.keepAlive(leaseId, new KeepAliveListener() {
			@Override
			public void onEnded(EtcdException reason) {
				lose(reason);
			}
		}, safeUntilNanos);
		scheduleCheck();
	}

	private void scheduleCheck() {
		this.connection.schedule(this::check, Math.max(0, this.keepAlive.safeUntilNanos() - System.nanoTime()));
	}

	/**
	 * At the time the lease was last known to live until: lost, unless a renewal moved
	 * it.
	 */
	private void check() {
		if (this.closed.get() || this.lost || this.connection.isClosed()) {
			// closing the client ends the keep-alive, which reports the close
			return;
		}
		long overdue = System.nanoTime() - this.keepAlive.safeUntilNanos();
		if (overdue < 0) {
			scheduleCheck();
			return;
		}
		lose(new LeaseLostException("No renewal of session lease " + Long.toHexString(this.leaseId)
				+ " was answered within its TTL: it may have expired, and with it the locks and leadership held "
				+ "with this session, which may now be someone else's. The session is over: start a new one", null));
	}

	private void lose(EtcdException reason) {
		if (!this.closed.get() && !this.lost) {
			this.lost = true;
			this.ended.completeExceptionally(reason);
			this.keepAlive.close();
			if (reason instanceof LeaseLostException) {
				this.connection.events().leaseLost(this.leaseId, reason);
				// if the lease survived (a slow election), release what it holds for
				// others now
				this.leases.revoke(this.leaseId)
					.whenComplete((ok, error) -> log.log(System.Logger.Level.DEBUG,
							() -> "Revoking the lost session lease " + Long.toHexString(this.leaseId)
									+ ((error != null) ? " failed: " + error : " succeeded")));
			}
		}
	}

	@Override
	public long leaseId() {
		return this.leaseId;
	}

	@Override
	public CompletableFuture<Void> ended() {
		return this.ended;
	}

	@Override
	public boolean isActive() {
		return !this.closed.get() && !this.lost;
	}

	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.keepAlive.close();
			try {
				// wait, so that what the session held is released when close() returns;
				// but no
				// longer than the client's close timeout: with etcd gone (an application
				// and its
				// etcd stopped together), the lease expires after its TTL anyway
				Duration bound = this.connection.config().closeTimeout();
				Duration requestTimeout = this.connection.config().requestTimeout();
				this.leases.withTimeout((bound.compareTo(requestTimeout) < 0) ? bound : requestTimeout)
					.revoke(this.leaseId)
					.join();
			}
			catch (RuntimeException ex) {
				log.log(System.Logger.Level.DEBUG, () -> "Revoking the lease of closed session "
						+ Long.toHexString(this.leaseId) + " failed; it expires after its TTL: " + ex);
			}
			this.ended.complete(null);
		}
	}

	@Override
	public String toString() {
		return "Session[lease " + Long.toHexString(this.leaseId) + (isActive() ? "" : ", ended") + "]";
	}

}
