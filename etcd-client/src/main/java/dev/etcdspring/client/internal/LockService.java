package dev.etcdspring.client.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import com.google.protobuf.ByteString;
import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.ResponseHeader;
import dev.etcdspring.client.error.LockTimeoutException;
import dev.etcdspring.client.error.RequestTimeoutException;
import dev.etcdspring.client.internal.proto.KVGrpc;
import dev.etcdspring.client.internal.proto.LockGrpc;
import dev.etcdspring.client.internal.proto.LockProto.LockRequest;
import dev.etcdspring.client.internal.proto.LockProto.UnlockRequest;
import dev.etcdspring.client.internal.proto.RpcProto.DeleteRangeRequest;
import dev.etcdspring.client.lease.Session;
import dev.etcdspring.client.lock.HeldLock;
import dev.etcdspring.client.lock.LockClient;
import org.jspecify.annotations.Nullable;

/**
 * {@link LockClient} over etcd's Lock service. The server holds the lock under the key
 * {@code <name>/<lease id in hex>}; when the client's deadline passes just as the server
 * grants the lock, that key would keep a lock nobody knows it holds, so a timed-out
 * attempt deletes it.
 */
final class LockService implements LockClient {

	private final Connection connection;

	private final Namespace namespace;

	private final LeaseService leases;

	private final Duration requestTimeout;

	private final SharedSession defaultSession;

	LockService(Connection connection, Namespace namespace, LeaseService leases, Duration requestTimeout) {
		this(connection, namespace, leases, requestTimeout, new SharedSession(leases));
	}

	private LockService(Connection connection, Namespace namespace, LeaseService leases, Duration requestTimeout,
			SharedSession defaultSession) {
		this.connection = connection;
		this.namespace = namespace;
		this.leases = leases;
		this.requestTimeout = requestTimeout;
		this.defaultSession = defaultSession;
	}

	@Override
	public LockClient withTimeout(Duration timeout) {
		return new LockService(this.connection, this.namespace, this.leases,
				Durations.requirePositive("timeout", timeout), this.defaultSession);
	}

	/**
	 * The session of locks taken without one: created on first use, again after it ended.
	 */
	private static final class SharedSession {

		private final LeaseService leases;

		private @Nullable CompletableFuture<Session> current;

		SharedSession(LeaseService leases) {
			this.leases = leases;
		}

		synchronized CompletableFuture<Session> get() {
			CompletableFuture<Session> session = this.current;
			if (session == null || session.isCompletedExceptionally()
					|| (session.isDone() && !session.join().isActive())) {
				session = this.leases.newSession(DEFAULT_SESSION_TTL);
				this.current = session;
			}
			return session;
		}

	}

	@Override
	public CompletableFuture<HeldLock> lock(ByteSequence name, Session session, Duration timeout) {
		Durations.requirePositive("timeout", timeout);
		if (name.isEmpty()) {
			return CompletableFuture.failedFuture(Namespace.emptyKey("lock name"));
		}
		ByteString wireName = this.namespace.key(name);
		LockRequest request = LockRequest.newBuilder().setName(wireName).setLease(session.leaseId()).build();
		return withdrawOnTimeout(
				this.connection.unary(LockGrpc.getLockMethod(), request, false, timeout,
						(response) -> (HeldLock) new Held(name, this.namespace.strip(response.getKey()),
								response.getKey(), Namespace.header(response.getHeader()), session)),
				wireName, session, "The lock '" + name + "' was not acquired within " + Errors.format(timeout)
						+ "; the claim was withdrawn");
	}

	/**
	 * When the claim timed out, deletes its key (the server may have granted it just as
	 * the deadline passed) and fails with a {@link LockTimeoutException}.
	 */
	<T> CompletableFuture<T> withdrawOnTimeout(CompletableFuture<T> claim, ByteString wireName, Session session,
			String message) {
		return claim.exceptionallyCompose((error) -> {
			Throwable cause = Errors.unwrap(error);
			if (!(cause instanceof RequestTimeoutException)) {
				return CompletableFuture.failedFuture(cause);
			}
			return withdraw(wireName, session).handle((ignored, cleanupError) -> {
				throw new LockTimeoutException(message, cause);
			});
		});
	}

	/**
	 * Deletes the claim key {@code <name>/<lease hex>} that a server-side lock or
	 * campaign leaves.
	 */
	CompletableFuture<?> withdraw(ByteString wireName, Session session) {
		ByteString claim = wireName.concat(ByteString.copyFromUtf8("/" + Long.toHexString(session.leaseId())));
		return this.connection.unary(KVGrpc.getDeleteRangeMethod(),
				DeleteRangeRequest.newBuilder().setKey(claim).build(), true, this.requestTimeout,
				(response) -> response);
	}

	@Override
	public CompletableFuture<HeldLock> lock(String name, Duration timeout) {
		return this.defaultSession.get().thenCompose((session) -> lock(ByteSequence.from(name), session, timeout));
	}

	private final class Held implements HeldLock {

		private final ByteSequence name;

		private final ByteSequence key;

		private final ByteString wireKey;

		private final ResponseHeader header;

		private final Session session;

		private final AtomicBoolean released = new AtomicBoolean();

		private final CompletableFuture<Void> ended = new CompletableFuture<>();

		Held(ByteSequence name, ByteSequence key, ByteString wireKey, ResponseHeader header, Session session) {
			this.name = name;
			this.key = key;
			this.wireKey = wireKey;
			this.header = header;
			this.session = session;
			// the session's end is the lock's, unless the lock was released first
			session.ended().whenComplete((ok, error) -> {
				if (error != null) {
					this.ended.completeExceptionally(Errors.unwrap(error));
				}
				else {
					this.ended.complete(null);
				}
			});
		}

		@Override
		public ByteSequence name() {
			return this.name;
		}

		@Override
		public ByteSequence key() {
			return this.key;
		}

		@Override
		public ResponseHeader header() {
			return this.header;
		}

		@Override
		public Session session() {
			return this.session;
		}

		@Override
		public boolean isActive() {
			return !this.released.get() && this.session.isActive();
		}

		@Override
		public CompletableFuture<Void> ended() {
			return this.ended;
		}

		@Override
		public CompletableFuture<ResponseHeader> unlock() {
			this.released.set(true);
			this.ended.complete(null);
			// deleting the ownership key twice is harmless: repeatable
			return LockService.this.connection.unary(LockGrpc.getUnlockMethod(),
					UnlockRequest.newBuilder().setKey(this.wireKey).build(), true, LockService.this.requestTimeout,
					(response) -> Namespace.header(response.getHeader()));
		}

		@Override
		public void close() {
			if (!this.released.get()) {
				try {
					unlock().join();
				}
				catch (CompletionException ex) {
					throw Errors.asEtcdException(ex, "Unlocking " + this.name);
				}
			}
		}

		@Override
		public String toString() {
			return "HeldLock[" + this.name + ", key " + this.key + (isActive() ? "" : ", released") + "]";
		}

	}

}
