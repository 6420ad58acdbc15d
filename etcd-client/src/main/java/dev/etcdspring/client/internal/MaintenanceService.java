package dev.etcdspring.client.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.etcdspring.client.ResponseHeader;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.error.NoLeaderException;
import dev.etcdspring.client.internal.proto.MaintenanceGrpc;
import dev.etcdspring.client.internal.proto.RpcProto.AlarmMember;
import dev.etcdspring.client.internal.proto.RpcProto.AlarmRequest;
import dev.etcdspring.client.internal.proto.RpcProto.AlarmResponse;
import dev.etcdspring.client.internal.proto.RpcProto.AlarmType;
import dev.etcdspring.client.internal.proto.RpcProto.DefragmentRequest;
import dev.etcdspring.client.internal.proto.RpcProto.HashKVRequest;
import dev.etcdspring.client.internal.proto.RpcProto.MoveLeaderRequest;
import dev.etcdspring.client.internal.proto.RpcProto.SnapshotRequest;
import dev.etcdspring.client.internal.proto.RpcProto.SnapshotResponse;
import dev.etcdspring.client.internal.proto.RpcProto.StatusRequest;
import dev.etcdspring.client.maintenance.Alarm;
import dev.etcdspring.client.maintenance.MaintenanceClient;
import dev.etcdspring.client.maintenance.MemberStatus;
import dev.etcdspring.client.maintenance.SnapshotResult;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * {@link MaintenanceClient}: per-member calls go over a channel to that member only; the
 * snapshot streams with one message requested at a time, so no more than one chunk waits
 * in memory.
 */
final class MaintenanceService implements MaintenanceClient {

	private final Connection connection;

	private final Duration timeout;

	MaintenanceService(Connection connection, Duration timeout) {
		this.connection = connection;
		this.timeout = timeout;
	}

	private Endpoint endpoint(String url) {
		Endpoint parsed = Endpoint.parse(url);
		for (Endpoint known : this.connection.currentEndpoints()) {
			if (known.authority().equals(parsed.authority())) {
				return known;
			}
		}
		return parsed;
	}

	@Override
	public CompletableFuture<MemberStatus> status(String endpoint) {
		return this.connection.unaryTo(endpoint(endpoint), MaintenanceGrpc.getStatusMethod(),
				StatusRequest.getDefaultInstance(), this.timeout,
				(r) -> new StatusOfMember(endpoint, Namespace.header(r.getHeader()), r.getVersion(), r.getDbSize(),
						r.getDbSizeInUse(), r.getLeader(), r.getRaftIndex(), r.getRaftTerm(), r.getRaftAppliedIndex(),
						r.getErrorsList(), r.getIsLearner()));
	}

	@Override
	public CompletableFuture<List<MemberStatus>> statusOfAll() {
		List<CompletableFuture<MemberStatus>> all = this.connection.endpoints().stream().map(this::status).toList();
		return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
			.thenApply((ignored) -> all.stream().map(CompletableFuture::join).toList());
	}

	@Override
	public CompletableFuture<List<Alarm>> alarms() {
		return alarm(AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.GET).build(), true);
	}

	@Override
	public CompletableFuture<List<Alarm>> disarm(Alarm alarm) {
		return alarm(AlarmRequest.newBuilder()
			.setAction(AlarmRequest.AlarmAction.DEACTIVATE)
			.setMemberID(alarm.memberId())
			.setAlarm(AlarmType.valueOf(alarm.type().name()))
			.build(), false);
	}

	private CompletableFuture<List<Alarm>> alarm(AlarmRequest request, boolean repeatable) {
		return this.connection.unary(MaintenanceGrpc.getAlarmMethod(), request, repeatable, this.timeout,
				MaintenanceService::alarms);
	}

	private static List<Alarm> alarms(AlarmResponse response) {
		List<Alarm> alarms = new ArrayList<>();
		for (AlarmMember member : response.getAlarmsList()) {
			if (member.getAlarm() != AlarmType.NONE) {
				alarms.add(new Alarm(member.getMemberID(), Alarm.Type.valueOf(member.getAlarm().name())));
			}
		}
		return alarms;
	}

	@Override
	public CompletableFuture<ResponseHeader> defragment(String endpoint) {
		return this.connection.unaryTo(endpoint(endpoint), MaintenanceGrpc.getDefragmentMethod(),
				DefragmentRequest.getDefaultInstance(), this.timeout, (r) -> Namespace.header(r.getHeader()));
	}

	@Override
	public CompletableFuture<HashKv> hashKv(String endpoint, long revision) {
		return this.connection.unaryTo(endpoint(endpoint), MaintenanceGrpc.getHashKVMethod(),
				HashKVRequest.newBuilder().setRevision(revision).build(), this.timeout,
				(r) -> new HashKv(Namespace.header(r.getHeader()), Integer.toUnsignedLong(r.getHash()),
						r.getCompactRevision()));
	}

	@Override
	public CompletableFuture<ResponseHeader> moveLeader(long targetMemberId) {
		// only the leader can hand over: find it, then ask it
		return statusOfAll().thenCompose((statuses) -> {
			MemberStatus leader = statuses.stream().filter(MemberStatus::isLeader).findFirst().orElse(null);
			if (leader == null) {
				return CompletableFuture
					.failedFuture(new NoLeaderException("None of the client's endpoints " + this.connection.endpoints()
							+ " is the leader, so none can hand leadership over", null, null, null));
			}
			return this.connection.unaryTo(endpoint(leader.endpoint()), MaintenanceGrpc.getMoveLeaderMethod(),
					MoveLeaderRequest.newBuilder().setTargetID(targetMemberId).build(), this.timeout,
					(r) -> Namespace.header(r.getHeader()));
		});
	}

	@Override
	public CompletableFuture<SnapshotResult> snapshot(OutputStream output) {
		SnapshotListener listener = new SnapshotListener(output);
		// the listener writes to the caller's stream: it runs on the callback executor
		ClientCall<SnapshotRequest, SnapshotResponse> call = this.connection
			.startCallOnExecutor(MaintenanceGrpc.getSnapshotMethod(), listener, new Metadata());
		listener.call = call;
		// one message at a time: the next chunk is asked for only after this one was
		// written
		call.request(1);
		call.sendMessage(SnapshotRequest.getDefaultInstance());
		call.halfClose();
		listener.result.whenComplete((ok, error) -> {
			if (error != null) {
				call.cancel("snapshot abandoned", error);
			}
		});
		return listener.result;
	}

	/** Writes each chunk as it arrives, then asks for the next one. */
	private final class SnapshotListener extends ClientCall.Listener<SnapshotResponse> {

		final CompletableFuture<SnapshotResult> result = new CompletableFuture<>();

		private final OutputStream output;

		volatile @Nullable ClientCall<SnapshotRequest, SnapshotResponse> call;

		private @Nullable ResponseHeader header;

		private long bytes;

		SnapshotListener(OutputStream output) {
			this.output = output;
		}

		@Override
		public void onMessage(SnapshotResponse message) {
			if (this.result.isDone()) {
				return;
			}
			if (this.header == null) {
				this.header = Namespace.header(message.getHeader());
			}
			try {
				message.getBlob().writeTo(this.output);
				this.bytes += message.getBlob().size();
			}
			catch (IOException ex) {
				this.result.completeExceptionally(new EtcdException(
						"Writing the snapshot failed after " + this.bytes + " bytes: " + ex.getMessage(), ex));
				return;
			}
			ClientCall<SnapshotRequest, SnapshotResponse> current = this.call;
			if (current != null) {
				current.request(1);
			}
		}

		@Override
		public void onClose(Status status, Metadata trailers) {
			if (this.result.isDone()) {
				return;
			}
			ResponseHeader first = this.header;
			if (status.isOk() && first != null) {
				this.result.complete(new SnapshotResult(first, this.bytes));
			}
			else if (status.isOk()) {
				this.result.completeExceptionally(new EtcdException("The server sent an empty snapshot", null));
			}
			else {
				this.result.completeExceptionally(MaintenanceService.this.connection.isClosed()
						? Errors.closed("Maintenance.Snapshot", status.asRuntimeException())
						: Errors.toException(status, "Maintenance.Snapshot", Duration.ZERO, 1));
			}
		}

	}

	/** The status of one member. */
	private record StatusOfMember(String endpoint, ResponseHeader header, String version, long dbSize, long dbSizeInUse,
			long leader, long raftIndex, long raftTerm, long raftAppliedIndex, List<String> errors,
			boolean learner) implements MemberStatus {

		StatusOfMember {
			errors = List.copyOf(errors);
		}

	}

	@Override
	public MaintenanceClient withTimeout(Duration timeout) {
		return new MaintenanceService(this.connection, Durations.requirePositive("timeout", timeout));
	}

}
