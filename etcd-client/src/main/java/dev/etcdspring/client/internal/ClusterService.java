package dev.etcdspring.client.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.etcdspring.client.cluster.ClusterClient;
import dev.etcdspring.client.cluster.Member;
import dev.etcdspring.client.cluster.MemberList;
import dev.etcdspring.client.internal.proto.ClusterGrpc;
import dev.etcdspring.client.internal.proto.RpcProto;
import dev.etcdspring.client.internal.proto.RpcProto.MemberAddRequest;
import dev.etcdspring.client.internal.proto.RpcProto.MemberListRequest;
import dev.etcdspring.client.internal.proto.RpcProto.MemberPromoteRequest;
import dev.etcdspring.client.internal.proto.RpcProto.MemberRemoveRequest;
import dev.etcdspring.client.internal.proto.RpcProto.MemberUpdateRequest;
import dev.etcdspring.client.internal.proto.RpcProto.ResponseHeader;

/** {@link ClusterClient}: listing is repeatable, membership changes are not. */
final class ClusterService implements ClusterClient {

	private final Connection connection;

	private final Duration timeout;

	ClusterService(Connection connection, Duration timeout) {
		this.connection = connection;
		this.timeout = timeout;
	}

	@Override
	public CompletableFuture<MemberList> list() {
		return this.connection.unary(ClusterGrpc.getMemberListMethod(), MemberListRequest.getDefaultInstance(), true,
				this.timeout, (r) -> members(r.getHeader(), r.getMembersList()));
	}

	@Override
	public CompletableFuture<MemberList> add(List<String> peerUrls, boolean learner) {
		MemberAddRequest request = MemberAddRequest.newBuilder().addAllPeerURLs(peerUrls).setIsLearner(learner).build();
		return this.connection.unary(ClusterGrpc.getMemberAddMethod(), request, false, this.timeout, (r) -> {
			List<RpcProto.Member> all = new ArrayList<>();
			all.add(r.getMember());
			r.getMembersList().stream().filter((m) -> m.getID() != r.getMember().getID()).forEach(all::add);
			return members(r.getHeader(), all);
		});
	}

	@Override
	public CompletableFuture<MemberList> remove(long memberId) {
		return this.connection.unary(ClusterGrpc.getMemberRemoveMethod(),
				MemberRemoveRequest.newBuilder().setID(memberId).build(), false, this.timeout,
				(r) -> members(r.getHeader(), r.getMembersList()));
	}

	@Override
	public CompletableFuture<MemberList> updatePeerUrls(long memberId, List<String> peerUrls) {
		return this.connection.unary(ClusterGrpc.getMemberUpdateMethod(),
				MemberUpdateRequest.newBuilder().setID(memberId).addAllPeerURLs(peerUrls).build(), false, this.timeout,
				(r) -> members(r.getHeader(), r.getMembersList()));
	}

	@Override
	public CompletableFuture<MemberList> promote(long memberId) {
		return this.connection.unary(ClusterGrpc.getMemberPromoteMethod(),
				MemberPromoteRequest.newBuilder().setID(memberId).build(), false, this.timeout,
				(r) -> members(r.getHeader(), r.getMembersList()));
	}

	static MemberList members(ResponseHeader header, List<RpcProto.Member> members) {
		return new MemberList(Namespace.header(header),
				members.stream()
					.map((m) -> new Member(m.getID(), m.getName(), m.getPeerURLsList(), m.getClientURLsList(),
							m.getIsLearner()))
					.toList());
	}

	@Override
	public ClusterClient withTimeout(Duration timeout) {
		return new ClusterService(this.connection, Durations.requirePositive("timeout", timeout));
	}

}
