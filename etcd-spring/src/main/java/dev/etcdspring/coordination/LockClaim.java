package dev.etcdspring.coordination;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.kv.Compare;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.client.kv.GetResult;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.client.kv.SortOrder;
import dev.etcdspring.client.kv.SortTarget;
import dev.etcdspring.client.kv.TxnResult;
import dev.etcdspring.client.watch.Watch;
import dev.etcdspring.client.watch.WatchEvent;
import dev.etcdspring.client.watch.WatchListener;
import dev.etcdspring.client.watch.WatchOptions;
import dev.etcdspring.client.watch.WatchResponse;
import org.jspecify.annotations.Nullable;

/**
 * One claim on a lock, after the recipe of etcd's own Lock service and of the Go client's
 * {@code concurrency.Mutex}: a key under the lock's prefix, attached to the session's
 * lease. The claim with the lowest create revision owns the lock; every other one waits
 * for the deletion of the claim just before it (no herd wakes up on a release). Keys of a
 * longer lock name that shares the prefix (lock {@code a/b} under lock {@code a}) are not
 * claims on this lock and are skipped, so lock names may contain {@code /}. Claims made
 * by etcd's Lock service (key {@code <name>/<lease>}) take part in the same order.
 *
 * <p>
 * Making the claim is idempotent (a transaction that creates the key only if it is
 * absent), so it may be repeated after a failure whose outcome is unknown. Not
 * thread-safe: one thread uses it.
 */
final class LockClaim {

	private final EtcdClient client;

	private final LockSession session;

	private final ByteSequence prefix;

	private final ByteSequence key;

	private final ByteSequence holder;

	private long revision;

	/**
	 * A claim, not yet made.
	 * @param client the client
	 * @param session the session whose lease the claim key is attached to
	 * @param prefix the lock's prefix, ending with {@code /}
	 * @param id distinguishes the claims that lock objects of one registry make with one
	 * session
	 * @param holder who claims, stored as the key's value for people who look
	 */
	LockClaim(EtcdClient client, LockSession session, ByteSequence prefix, long id, String holder) {
		this.client = client;
		this.session = session;
		this.prefix = prefix;
		this.key = prefix.concat(ByteSequence.from(Long.toHexString(session.leaseId()) + "-" + id));
		this.holder = ByteSequence.from(holder);
	}

	LockSession session() {
		return this.session;
	}

	ByteSequence key() {
		return this.key;
	}

	/**
	 * The create revision of the claim key: increases from one owner of the lock to the
	 * next.
	 * @return the revision, once the claim is made
	 */
	long revision() {
		return this.revision;
	}

	/**
	 * Makes the claim (again, if it was made) and waits until it owns the lock.
	 * @param wait how long and how to wait
	 * @throws TimeoutException when the wait ends first; the claim may stay: withdraw it
	 * @throws InterruptedException when the wait is interrupted; the claim may stay:
	 * withdraw it
	 * @throws SessionEndedException when the session ended, and with it the claim
	 * @throws EtcdException when a call fails
	 */
	void acquire(LockWait wait) throws InterruptedException, TimeoutException {
		GetOp claims = GetOp.prefix(this.prefix).withSort(SortTarget.CREATE_REVISION, SortOrder.ASCEND).withKeysOnly();
		TxnResult made = wait.call(this.client.kv()
			.txn()
			.when(Compare.createRevision(this.key).equal(0))
			.then(PutOp.of(this.key, this.holder).withLease(this.session.leaseId()), claims)
			.otherwise(GetOp.key(this.key).withKeysOnly(), claims)
			.commit());
		if (made.succeeded()) {
			this.revision = made.header().revision();
		}
		else {
			this.revision = made.result(0, GetResult.class).first().map(KeyValue::createRevision).orElse(0L);
		}
		GetResult current = made.result(1, GetResult.class);
		while (true) {
			KeyValue predecessor = predecessor(current);
			if (predecessor == null) {
				return;
			}
			awaitDeletion(predecessor.key(), current.header().revision(), wait);
			current = wait.call(this.client.kv().get(claims));
		}
	}

	/**
	 * The claim just before this one, in a listing of the prefix by create revision.
	 * @return the claim, or {@code null} when this one owns the lock
	 * @throws SessionEndedException when this claim is no longer there, or its session
	 * ended
	 */
	private @Nullable KeyValue predecessor(GetResult claims) {
		KeyValue predecessor = null;
		boolean present = false;
		for (KeyValue claim : claims.kvs()) {
			if (!isClaim(claim.key())) {
				continue;
			}
			if (claim.key().equals(this.key)) {
				present = true;
				break;
			}
			predecessor = claim;
		}
		if (!present || !this.session.isActive()) {
			throw new SessionEndedException(this.session);
		}
		return predecessor;
	}

	/**
	 * Whether a key under the prefix is a claim on this lock, not one on a longer lock
	 * name.
	 */
	private boolean isClaim(ByteSequence key) {
		for (int i = this.prefix.size(); i < key.size(); i++) {
			if (key.byteAt(i) == '/') {
				return false;
			}
		}
		return true;
	}

	/**
	 * Waits until the key is deleted after the revision, the session ends, or the wait
	 * ends.
	 */
	private void awaitDeletion(ByteSequence predecessor, long revision, LockWait wait)
			throws InterruptedException, TimeoutException {
		CompletableFuture<Void> turn = new CompletableFuture<>();
		Runnable forget = this.session.wakeOnEnd(turn);
		Watch watch = this.client.watch()
			.watch(KeyRange.key(predecessor), WatchOptions.DEFAULT.withStartRevision(revision + 1).withNoPut(),
					new WatchListener() {

						@Override
						public void onNext(WatchResponse response) {
							for (WatchEvent event : response.events()) {
								if (event.type() == WatchEvent.Type.DELETE) {
									turn.complete(null);
								}
							}
						}

						@Override
						public void onError(EtcdException error) {
							// compacted history or a closed client: look again, and learn
							// which
							turn.complete(null);
						}

					});
		try {
			wait.event(turn);
		}
		finally {
			watch.close();
			forget.run();
		}
	}

	@Override
	public String toString() {
		return "claim " + this.key + " @" + this.revision;
	}

	/** The claim's session ended: the claim went with it. */
	static final class SessionEndedException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		SessionEndedException(LockSession session) {
			super("The etcd session (" + session + ") of the lock claim ended", null, false, false);
		}

	}

}
