package dev.etcdspring.client.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.ResponseHeader;
import dev.etcdspring.client.error.LeaseNotFoundException;
import dev.etcdspring.client.internal.proto.LeaseGrpc;
import dev.etcdspring.client.internal.proto.RpcProto.LeaseGrantRequest;
import dev.etcdspring.client.internal.proto.RpcProto.LeaseKeepAliveRequest;
import dev.etcdspring.client.internal.proto.RpcProto.LeaseLeasesRequest;
import dev.etcdspring.client.internal.proto.RpcProto.LeaseRevokeRequest;
import dev.etcdspring.client.internal.proto.RpcProto.LeaseStatus;
import dev.etcdspring.client.internal.proto.RpcProto.LeaseTimeToLiveRequest;
import dev.etcdspring.client.lease.KeepAlive;
import dev.etcdspring.client.lease.KeepAliveListener;
import dev.etcdspring.client.lease.LeaseClient;
import dev.etcdspring.client.lease.LeaseGrant;
import dev.etcdspring.client.lease.LeaseList;
import dev.etcdspring.client.lease.LeaseRenewal;
import dev.etcdspring.client.lease.LeaseTimeToLive;
import dev.etcdspring.client.lease.Session;

/**
 * {@link LeaseClient}: unary lease calls (all repeatable, as in the Go client),
 * keep-alives through the client's {@link LeaseKeeper}, and sessions.
 */
final class LeaseService implements LeaseClient {

	private final Connection connection;

	private final Namespace namespace;

	private final LeaseKeeper keeper;

	private final Duration timeout;

	LeaseService(Connection connection, Namespace namespace, LeaseKeeper keeper, Duration timeout) {
		this.connection = connection;
		this.namespace = namespace;
		this.keeper = keeper;
		this.timeout = timeout;
	}

	@Override
	public CompletableFuture<LeaseGrant> grant(Duration ttl) {
		LeaseGrantRequest request = LeaseGrantRequest.newBuilder().setTTL(LeaseKeeper.ttlSeconds(ttl)).build();
		return this.connection.unary(LeaseGrpc.getLeaseGrantMethod(), request, true, this.timeout,
				(response) -> new LeaseGrant(Namespace.header(response.getHeader()), response.getID(),
						response.getTTL()));
	}

	@Override
	public CompletableFuture<ResponseHeader> revoke(long leaseId) {
		return this.connection.unary(LeaseGrpc.getLeaseRevokeMethod(),
				LeaseRevokeRequest.newBuilder().setID(leaseId).build(), true, this.timeout,
				(response) -> Namespace.header(response.getHeader()));
	}

	@Override
	public CompletableFuture<LeaseTimeToLive> timeToLive(long leaseId, boolean withKeys) {
		LeaseTimeToLiveRequest request = LeaseTimeToLiveRequest.newBuilder().setID(leaseId).setKeys(withKeys).build();
		return this.connection.unary(LeaseGrpc.getLeaseTimeToLiveMethod(), request, true, this.timeout, (response) -> {
			List<ByteSequence> keys = new ArrayList<>(response.getKeysCount());
			response.getKeysList().forEach((key) -> keys.add(this.namespace.strip(key)));
			return new LeaseTimeToLive(Namespace.header(response.getHeader()), response.getID(), response.getTTL(),
					response.getGrantedTTL(), keys);
		});
	}

	@Override
	public CompletableFuture<LeaseList> leases() {
		return this.connection.unary(LeaseGrpc.getLeaseLeasesMethod(), LeaseLeasesRequest.getDefaultInstance(), true,
				this.timeout, (response) -> new LeaseList(Namespace.header(response.getHeader()),
						response.getLeasesList().stream().map(LeaseStatus::getID).toList()));
	}

	@Override
	public CompletableFuture<LeaseRenewal> keepAliveOnce(long leaseId) {
		// one request on a stream of its own: the client half-closes, the server answers
		// and ends the
		// stream, so nothing stays open on either side
		return this.connection.unary(LeaseGrpc.getLeaseKeepAliveMethod(),
				LeaseKeepAliveRequest.newBuilder().setID(leaseId).build(), true, this.timeout, (response) -> {
					if (response.getTTL() <= 0) {
						throw new LeaseNotFoundException(
								"Lease " + Long.toHexString(leaseId)
										+ " no longer exists on the server: it expired or was revoked",
								null, null, null);
					}
					return new LeaseRenewal(Namespace.header(response.getHeader()), response.getID(),
							response.getTTL());
				});
	}

	@Override
	public KeepAlive keepAlive(long leaseId, KeepAliveListener listener) {
		return this.keeper.keepAlive(leaseId, listener);
	}

	@Override
	public CompletableFuture<Session> newSession(Duration ttl) {
		long sent = System.nanoTime();
		return grant(ttl).thenApply((granted) -> new DefaultSession(this, this.keeper, this.connection, granted.id(),
				sent + TimeUnit.SECONDS.toNanos(granted.ttlSeconds())));
	}

	@Override
	public LeaseClient withTimeout(Duration timeout) {
		return new LeaseService(this.connection, this.namespace, this.keeper,
				Durations.requirePositive("timeout", timeout));
	}

}
