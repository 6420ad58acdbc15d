package dev.etcdspring.client.maintenance;

import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.etcdspring.client.ResponseHeader;

/**
 * Maintenance: etcd's Maintenance service. Calls about one member take its endpoint (one
 * of the client's endpoints) and go to that member only. Thread-safe; obtained from
 * {@link dev.etcdspring.client.EtcdClient#maintenance()}.
 *
 * <p>
 * Cancelling a returned future cancels the call on the wire: its HTTP/2 stream is reset
 * and the server stops working on it (a write that already reached the server may still
 * be applied).
 */
public interface MaintenanceClient {

	/**
	 * One member's status.
	 * @param endpoint the member's endpoint
	 * @return its status
	 */
	CompletableFuture<MemberStatus> status(String endpoint);

	/**
	 * The status of every endpoint the client uses; an unreachable one fails the future.
	 * @return the statuses, in endpoint order
	 */
	CompletableFuture<List<MemberStatus>> statusOfAll();

	/**
	 * The raised alarms.
	 * @return the alarms
	 */
	CompletableFuture<List<Alarm>> alarms();

	/**
	 * Disarms an alarm. Free the space first (compact, defragment) or a NOSPACE alarm is
	 * raised again on the next write.
	 * @param alarm the alarm
	 * @return the alarms that were disarmed
	 */
	CompletableFuture<List<Alarm>> disarm(Alarm alarm);

	/**
	 * Compacts one member's database file, releasing space freed by compaction. The
	 * member blocks reads and writes while it runs.
	 * @param endpoint the member's endpoint
	 * @return the response header
	 */
	CompletableFuture<ResponseHeader> defragment(String endpoint);

	/**
	 * A hash of one member's keys up to a revision, to compare members.
	 * @param endpoint the member's endpoint
	 * @param revision the revision, 0 for the newest
	 * @return the hash, with the compact revision it started from
	 */
	CompletableFuture<HashKv> hashKv(String endpoint, long revision);

	/**
	 * Hands leadership to another member (asks the current leader).
	 * @param targetMemberId the new leader
	 * @return the response header
	 */
	CompletableFuture<ResponseHeader> moveLeader(long targetMemberId);

	/**
	 * Streams a snapshot of the backend database to the output, chunk by chunk as it
	 * arrives (never the whole snapshot in memory). The output is written on the client's
	 * callback executor and not closed.
	 * @param output where the snapshot goes
	 * @return the snapshot's header and size
	 */
	CompletableFuture<SnapshotResult> snapshot(OutputStream output);

	/**
	 * A member's key hash.
	 *
	 * @param header the response header
	 * @param hash the hash
	 * @param compactRevision the compact revision when hashing started
	 */
	record HashKv(ResponseHeader header, long hash, long compactRevision) {
	}

	/**
	 * A view of this client whose calls have another deadline (the client's request
	 * timeout by default).
	 * @param timeout the deadline of each call, retries included
	 * @return the view
	 */
	MaintenanceClient withTimeout(Duration timeout);

}
