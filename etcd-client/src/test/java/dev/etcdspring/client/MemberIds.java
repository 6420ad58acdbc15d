package dev.etcdspring.client;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.client.internal.proto.MaintenanceGrpc;
import dev.etcdspring.client.internal.proto.RpcProto.StatusRequest;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdMember;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/** Which etcd member id belongs to which test member (asked with a raw Status call). */
public final class MemberIds {

	private MemberIds() {
	}

	public static Map<Long, EtcdMember> of(EtcdCluster cluster) {
		Map<Long, EtcdMember> ids = new HashMap<>();
		for (EtcdMember member : cluster.members()) {
			ManagedChannel channel = NettyChannelBuilder.forTarget("127.0.0.1:" + member.clientPort())
				.usePlaintext()
				.build();
			try {
				long id = MaintenanceGrpc.newBlockingStub(channel)
					.withDeadlineAfter(10, TimeUnit.SECONDS)
					.status(StatusRequest.getDefaultInstance())
					.getHeader()
					.getMemberId();
				ids.put(id, member);
			}
			finally {
				channel.shutdownNow();
			}
		}
		return ids;
	}

}
