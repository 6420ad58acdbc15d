package dev.etcdspring.client.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.google.protobuf.ByteString;
import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.ResponseHeader;
import dev.etcdspring.client.election.ElectionClient;
import dev.etcdspring.client.election.LeaderListener;
import dev.etcdspring.client.election.LeaderObservation;
import dev.etcdspring.client.election.Leadership;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.internal.proto.ElectionGrpc;
import dev.etcdspring.client.internal.proto.ElectionProto.CampaignRequest;
import dev.etcdspring.client.internal.proto.ElectionProto.LeaderKey;
import dev.etcdspring.client.internal.proto.ElectionProto.LeaderRequest;
import dev.etcdspring.client.internal.proto.ElectionProto.ProclaimRequest;
import dev.etcdspring.client.internal.proto.ElectionProto.ResignRequest;
import dev.etcdspring.client.lease.Session;

/**
 * {@link ElectionClient} over etcd's Election service. A campaign that times out
 * withdraws its candidacy key, as a lock attempt does (see {@link LockService}).
 */
final class ElectionService implements ElectionClient {

	private final Connection connection;

	private final Namespace namespace;

	private final LockService locks;

	private final Duration requestTimeout;

	ElectionService(Connection connection, Namespace namespace, LockService locks, Duration requestTimeout) {
		this.connection = connection;
		this.namespace = namespace;
		this.locks = locks;
		this.requestTimeout = requestTimeout;
	}

	@Override
	public CompletableFuture<Leadership> campaign(ByteSequence name, ByteSequence value, Session session,
			Duration timeout) {
		Durations.requirePositive("timeout", timeout);
		if (name.isEmpty()) {
			return CompletableFuture.failedFuture(Namespace.emptyKey("election name"));
		}
		ByteString wireName = this.namespace.key(name);
		CampaignRequest request = CampaignRequest.newBuilder()
			.setName(wireName)
			.setLease(session.leaseId())
			.setValue(Bytes.toByteString(value))
			.build();
		return this.locks.withdrawOnTimeout(
				this.connection.unary(ElectionGrpc.getCampaignMethod(), request, false, timeout,
						(response) -> new Leadership(Namespace.header(response.getHeader()), name,
								this.namespace.strip(response.getLeader().getKey()), response.getLeader().getRev(),
								session)),
				wireName, session, "The campaign for '" + name + "' was not won within " + Errors.format(timeout)
						+ "; the candidacy was withdrawn");
	}

	private LeaderKey leaderKey(Leadership leadership) {
		return LeaderKey.newBuilder()
			.setName(this.namespace.key(leadership.name()))
			.setKey(this.namespace.key(leadership.key()))
			.setRev(leadership.revision())
			.setLease(leadership.session().leaseId())
			.build();
	}

	@Override
	public CompletableFuture<ResponseHeader> proclaim(Leadership leadership, ByteSequence value) {
		ProclaimRequest request = ProclaimRequest.newBuilder()
			.setLeader(leaderKey(leadership))
			.setValue(Bytes.toByteString(value))
			.build();
		return this.connection.unary(ElectionGrpc.getProclaimMethod(), request, false, this.requestTimeout,
				(response) -> Namespace.header(response.getHeader()));
	}

	@Override
	public CompletableFuture<Optional<KeyValue>> leader(ByteSequence name) {
		if (name.isEmpty()) {
			return CompletableFuture.failedFuture(Namespace.emptyKey("election name"));
		}
		LeaderRequest request = LeaderRequest.newBuilder().setName(this.namespace.key(name)).build();
		return this.connection
			.unary(ElectionGrpc.getLeaderMethod(), request, true, this.requestTimeout,
					(response) -> Optional.of(this.namespace.keyValue(response.getKv())))
			.exceptionallyCompose((error) -> {
				Throwable cause = Errors.unwrap(error);
				if (cause instanceof EtcdException etcd && "election: no leader".equals(etcd.serverMessage())) {
					return CompletableFuture.completedFuture(Optional.empty());
				}
				return CompletableFuture.failedFuture(cause);
			});
	}

	@Override
	public LeaderObservation observe(ByteSequence name, LeaderListener listener) {
		if (name.isEmpty()) {
			throw Namespace.emptyKey("election name");
		}
		ObserveStream observation = new ObserveStream(this.connection, this.namespace,
				LeaderRequest.newBuilder().setName(this.namespace.key(name)).build(), listener);
		observation.open();
		return observation;
	}

	@Override
	public CompletableFuture<ResponseHeader> resign(Leadership leadership) {
		// deleting the leader key twice is harmless: repeatable
		return this.connection.unary(ElectionGrpc.getResignMethod(),
				ResignRequest.newBuilder().setLeader(leaderKey(leadership)).build(), true, this.requestTimeout,
				(response) -> Namespace.header(response.getHeader()));
	}

	@Override
	public ElectionClient withTimeout(Duration timeout) {
		return new ElectionService(this.connection, this.namespace, this.locks,
				Durations.requirePositive("timeout", timeout));
	}

}
