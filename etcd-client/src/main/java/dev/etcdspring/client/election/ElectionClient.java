package dev.etcdspring.client.election;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.ResponseHeader;
import dev.etcdspring.client.lease.Session;

/**
 * Leader election: etcd's Election service. Candidates campaign with a {@link Session};
 * the one that campaigned first leads until it resigns or its session is lost, then the
 * next in line leads.
 *
 * <p>
 * Thread-safe; obtained from {@link dev.etcdspring.client.EtcdClient#election()}.
 *
 * <p>
 * Cancelling a returned future cancels the call on the wire: its HTTP/2 stream is reset
 * and the server stops working on it (a write that already reached the server may still
 * be applied).
 */
public interface ElectionClient {

	/**
	 * Campaigns and waits, up to {@code timeout}, to become the leader.
	 * @param name the election's name
	 * @param value the value the leader announces
	 * @param session the session to hold leadership with
	 * @param timeout how long to wait
	 * @return the leadership; fails with
	 * {@link dev.etcdspring.client.error.LockTimeoutException} when the timeout passes
	 * (the candidacy is then withdrawn)
	 */
	CompletableFuture<Leadership> campaign(ByteSequence name, ByteSequence value, Session session, Duration timeout);

	/**
	 * Announces a new value as the current leader, without a new election.
	 * @param leadership the leadership
	 * @param value the new value
	 * @return the response header; fails with
	 * {@link dev.etcdspring.client.error.NotLeaderException} when the leadership was lost
	 */
	CompletableFuture<ResponseHeader> proclaim(Leadership leadership, ByteSequence value);

	/**
	 * The current leader.
	 * @param name the election's name
	 * @return the leader key and value, or empty when there is no leader
	 */
	CompletableFuture<Optional<KeyValue>> leader(ByteSequence name);

	/**
	 * Streams the election's leaders: the current one first, then every change. The
	 * stream is reopened after a break, without repeating a leader already reported.
	 * @param name the election's name
	 * @param listener hears the leaders
	 * @return the observation; close it to stop
	 * @throws dev.etcdspring.client.error.EmptyKeyException when the name is empty
	 */
	LeaderObservation observe(ByteSequence name, LeaderListener listener);

	/**
	 * Gives up leadership; the next candidate in line becomes leader.
	 * @param leadership the leadership
	 * @return the response header
	 */
	CompletableFuture<ResponseHeader> resign(Leadership leadership);

	/**
	 * Campaigns and waits, up to {@code timeout}, to become the leader.
	 * @param name the election's name, UTF-8
	 * @param value the value the leader announces, UTF-8
	 * @param session the session to hold leadership with
	 * @param timeout how long to wait
	 * @return the leadership; fails with
	 * {@link dev.etcdspring.client.error.LockTimeoutException} when the timeout passes
	 * (the candidacy is then withdrawn)
	 */
	default CompletableFuture<Leadership> campaign(String name, String value, Session session, Duration timeout) {
		return campaign(ByteSequence.from(name), ByteSequence.from(value), session, timeout);
	}

	/**
	 * Announces a new value as the current leader, without a new election.
	 * @param leadership the leadership
	 * @param value the new value, UTF-8
	 * @return the response header
	 */
	default CompletableFuture<ResponseHeader> proclaim(Leadership leadership, String value) {
		return proclaim(leadership, ByteSequence.from(value));
	}

	/**
	 * The current leader.
	 * @param name the election's name, UTF-8
	 * @return the leader key and value, or empty when there is no leader
	 */
	default CompletableFuture<Optional<KeyValue>> leader(String name) {
		return leader(ByteSequence.from(name));
	}

	/**
	 * Streams the election's leaders (see
	 * {@link #observe(ByteSequence, LeaderListener)}).
	 * @param name the election's name, UTF-8
	 * @param listener hears the leaders
	 * @return the observation; close it to stop
	 */
	default LeaderObservation observe(String name, LeaderListener listener) {
		return observe(ByteSequence.from(name), listener);
	}

	/**
	 * A view of this client whose calls have another deadline (the client's request
	 * timeout by default).
	 * @param timeout the deadline of each call, retries included
	 * @return the view
	 */
	ElectionClient withTimeout(Duration timeout);

}
