package dev.etcdspring.client.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.lease.KeepAlive;
import dev.etcdspring.client.lease.KeepAliveListener;
import dev.etcdspring.client.lease.LeaseClient;
import dev.etcdspring.client.lease.Session;

/** A lease kept alive until closed, then revoked. */
final class DefaultSession implements Session {

	private static final System.Logger log = System.getLogger(DefaultSession.class.getName());

	private final LeaseClient leases;

	private final long leaseId;

	private final KeepAlive keepAlive;

	private final CompletableFuture<EtcdException> lost = new CompletableFuture<>();

	private final AtomicBoolean closed = new AtomicBoolean();

	DefaultSession(LeaseClient leases, long leaseId) {
		this.leases = leases;
		this.leaseId = leaseId;
		this.keepAlive = leases.keepAlive(leaseId, new KeepAliveListener() {
			@Override
			public void onEnded(EtcdException reason) {
				DefaultSession.this.lost.complete(reason);
			}
		});
	}

	@Override
	public long leaseId() {
		return this.leaseId;
	}

	@Override
	public CompletableFuture<EtcdException> lost() {
		return this.lost;
	}

	@Override
	public boolean isAlive() {
		return !this.closed.get() && !this.lost.isDone();
	}

	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.keepAlive.close();
			try {
				// wait, so that what the session held is released when close() returns
				this.leases.revoke(this.leaseId).join();
			}
			catch (RuntimeException ex) {
				log.log(System.Logger.Level.DEBUG, () -> "Revoking the lease of closed session "
						+ Long.toHexString(this.leaseId) + " failed; it expires after its TTL: " + ex);
			}
		}
	}

	@Override
	public String toString() {
		return "Session[lease " + Long.toHexString(this.leaseId) + (isAlive() ? "" : ", ended") + "]";
	}

}
