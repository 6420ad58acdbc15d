package dev.etcdspring.client.lock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.Errors;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.error.LeaseNotFoundException;
import dev.etcdspring.client.error.LockTimeoutException;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.client.kv.KvClient;
import dev.etcdspring.client.lease.Session;
import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

class LockTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	private static EtcdClient newClient() {
		return EtcdClient.builder().endpoints(etcd.endpoints()).build();
	}

	@Test
	void fourClientsTimesFiftyIncrementsUnderTheLockGiveExactlyTwoHundred() throws Exception {
		String name = "test/lock/counter/" + System.nanoTime();
		String counter = name + "-value";
		ExecutorService pool = Executors.newFixedThreadPool(4);
		List<EtcdClient> clients = new ArrayList<>();
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int c = 0; c < 4; c++) {
				EtcdClient client = newClient();
				clients.add(client);
				Session session = client.lease().newSession(Duration.ofSeconds(10)).join();
				workers.add(pool.submit(() -> {
					KvClient kv = client.kv();
					for (int i = 0; i < 50; i++) {
						try (HeldLock lock = client.lock()
							.lock(ByteSequence.from(name), session, Duration.ofSeconds(30))
							.join()) {
							// read-modify-write without a transaction: only the lock
							// keeps it safe
							long value = kv.get(counter)
								.join()
								.first()
								.map((kv1) -> Long.parseLong(kv1.valueAsString()))
								.orElse(0L);
							kv.put(counter, Long.toString(value + 1)).join();
							assertThat(lock.isActive()).isTrue();
						}
					}
				}));
			}
			for (Future<?> worker : workers) {
				worker.get(3, TimeUnit.MINUTES);
			}
			assertThat(clients.get(0).kv().get(counter).join().first().orElseThrow().valueAsString()).isEqualTo("200");
		}
		finally {
			pool.shutdownNow();
			clients.forEach(EtcdClient::close);
		}
	}

	@Test
	void holderThatDiesWithoutUnlockingLosesTheLockAfterTheTtl() {
		String name = "test/lock/dead-holder/" + System.nanoTime();
		EtcdClient holderClient = newClient();
		try (EtcdClient waiter = newClient()) {
			Session holderSession = holderClient.lease().newSession(Duration.ofSeconds(3)).join();
			HeldLock held = holderClient.lock()
				.lock(ByteSequence.from(name), holderSession, Duration.ofSeconds(5))
				.join();
			Session waiterSession = waiter.lease().newSession(Duration.ofSeconds(10)).join();
			CompletableFuture<HeldLock> waiting = waiter.lock()
				.lock(ByteSequence.from(name), waiterSession, Duration.ofSeconds(30));
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
			assertThat(held.isActive()).isTrue();

			// the holder's process "dies": its keep-alive stops, nothing unlocks or
			// revokes
			holderClient.close();
			HeldLock acquired = waiting.join();
			assertThat(acquired.isActive()).isTrue();
			assertThat(acquired.header().revision()).isGreaterThan(held.header().revision());
			assertThat(waiter.lease().timeToLive(holderSession.leaseId(), false).join().exists())
				.as("the holder's lease expired")
				.isFalse();
			acquired.close();
		}
	}

	@Test
	void sessionLossTellsTheHolderThatItNoLongerHoldsTheLock() {
		String name = "test/lock/lost/" + System.nanoTime();
		try (EtcdClient client = newClient()) {
			Session session = client.lease().newSession(Duration.ofSeconds(30)).join();
			HeldLock held = client.lock().lock(ByteSequence.from(name), session, Duration.ofSeconds(5)).join();
			// an operator (or a bug) revokes the lease
			client.lease().revoke(session.leaseId()).join();
			assertThat(Errors.endedWith(session.ended())).isInstanceOf(LeaseNotFoundException.class);
			assertThat(held.isActive()).isFalse();
			assertThat(client.kv().get(held.key()).join().isEmpty()).isTrue();
		}
	}

	@Test
	void timeoutWithdrawsTheClaimAndDefaultSessionLocksWork() {
		String name = "test/lock/timeout/" + System.nanoTime();
		try (EtcdClient a = newClient(); EtcdClient b = newClient()) {
			HeldLock held = a.lock().lock(name, Duration.ofSeconds(5)).join();
			Session session = b.lease().newSession(Duration.ofSeconds(30)).join();
			Throwable timeout = catchThrowable(
					b.lock().lock(ByteSequence.from(name), session, Duration.ofMillis(500))::join);
			assertThat(timeout).hasCauseInstanceOf(LockTimeoutException.class);
			assertThat(timeout.getCause()).hasMessageContaining(name).hasMessageContaining("within 500 ms");
			// only the holder's key is left under the lock's prefix
			await().untilAsserted(() -> assertThat(a.kv().get(GetOp.prefix(name + "/")).join().kvs()).singleElement()
				.satisfies((kv) -> assertThat(kv.key()).isEqualTo(held.key())));
			held.close();
			assertThat(held.isActive()).isFalse();
			try (HeldLock next = b.lock().lock(ByteSequence.from(name), session, Duration.ofSeconds(5)).join()) {
				assertThat(next.isActive()).isTrue();
			}
		}
	}

}
