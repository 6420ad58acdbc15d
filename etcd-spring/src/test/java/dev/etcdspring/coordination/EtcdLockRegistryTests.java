package dev.etcdspring.coordination;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.client.lease.Session;
import dev.etcdspring.client.lock.HeldLock;
import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Spring Integration's lock contract for {@link EtcdLockRegistry}, with two application
 * contexts standing for two instances of an application, each with its own client and
 * registry.
 */
class EtcdLockRegistryTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	private static final Duration WAIT = Duration.ofSeconds(60);

	private final String prefix = Instances.prefix("locks");

	private final ExecutorService threads = Executors.newCachedThreadPool((task) -> new Thread(task, "test-worker"));

	private AnnotationConfigApplicationContext one;

	private AnnotationConfigApplicationContext two;

	private EtcdClient client;

	@BeforeEach
	void startInstances() {
		this.one = Instances.start(etcd.endpoints(), this.prefix, Instances.LockRegistryConfiguration.class);
		this.two = Instances.start(etcd.endpoints(), this.prefix, Instances.LockRegistryConfiguration.class);
		this.client = EtcdClient.builder().endpoints(etcd.endpoints()).build();
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.threads.shutdownNow();
		assertThat(this.threads.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
		this.one.close();
		this.two.close();
		this.client.close();
	}

	private EtcdLock lock(AnnotationConfigApplicationContext instance, String key) {
		return instance.getBean(EtcdLockRegistry.class).obtain(key);
	}

	private List<String> claims(String key) {
		return Instances.keys(this.client, this.prefix + key + "/");
	}

	@Test
	void reentrantWithinAThreadAndExclusiveAcrossInstances() {
		EtcdLock held = lock(this.one, "job");
		held.lock();
		assertThat(held.tryLock()).as("again, on the same thread").isTrue();
		assertThat(lock(this.two, "job").tryLock()).isFalse();
		held.unlock();
		assertThat(held.isHeldByCurrentThread()).isTrue();
		assertThat(lock(this.two, "job").tryLock()).as("still held once").isFalse();
		held.unlock();
		assertThat(held.isHeldByCurrentThread()).isFalse();
		EtcdLock other = lock(this.two, "job");
		assertThat(other.tryLock()).isTrue();
		assertThat(other.isAcquiredInThisProcess()).isTrue();
		assertThat(held.isAcquiredInThisProcess()).isFalse();
		other.unlock();
		assertThat(claims("job")).isEmpty();
	}

	/** Takes the lock on another thread and holds it until released. */
	private Future<?> holdInAnotherThread(EtcdLock lock, CompletableFuture<Void> release) {
		return this.threads.submit(() -> {
			lock.lock();
			try {
				release.get(1, TimeUnit.MINUTES);
			}
			finally {
				lock.unlock();
			}
			return null;
		});
	}

	@Test
	void exclusiveAcrossThreadsOfOneInstance() throws Exception {
		EtcdLock lock = lock(this.one, "job");
		CompletableFuture<Void> release = new CompletableFuture<>();
		Future<?> holder = holdInAnotherThread(lock, release);
		await().atMost(WAIT).until(lock::isAcquiredInThisProcess);
		assertThat(lock.tryLock()).isFalse();
		assertThat(lock.tryLock(50, TimeUnit.MILLISECONDS)).isFalse();
		release.complete(null);
		holder.get(1, TimeUnit.MINUTES);
		assertThat(lock.tryLock()).isTrue();
		lock.unlock();
	}

	@Test
	void tryLockWithATimeoutGetsTheLockWhenTheHolderReleasesIt() throws Exception {
		EtcdLock held = lock(this.one, "job");
		held.lock();
		Future<Boolean> waiter = this.threads.submit(() -> {
			EtcdLock lock = lock(this.two, "job");
			boolean acquired = lock.tryLock(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			if (acquired) {
				lock.unlock();
			}
			return acquired;
		});
		await().atMost(WAIT).until(() -> claims("job").size() == 2);
		held.unlock();
		assertThat(waiter.get(1, TimeUnit.MINUTES)).isTrue();
	}

	@Test
	void tryLockTimesOutAndWithdrawsItsClaim() throws Exception {
		EtcdLock held = lock(this.one, "job");
		held.lock();
		List<String> holders = claims("job");
		assertThat(holders).hasSize(1);
		EtcdLock other = lock(this.two, "job");
		assertThat(other.tryLock(200, TimeUnit.MILLISECONDS)).isFalse();
		assertThat(other.tryLock()).isFalse();
		assertThat(claims("job")).isEqualTo(holders);
		held.unlock();
		assertThat(other.tryLock()).isTrue();
		other.unlock();
	}

	@Test
	void lockInterruptiblyEndsOnInterruptAndWithdrawsItsClaim() throws Exception {
		EtcdLock held = lock(this.one, "job");
		held.lock();
		AtomicReference<Thread> waiting = new AtomicReference<>();
		Future<?> waiter = this.threads.submit(() -> {
			waiting.set(Thread.currentThread());
			lock(this.two, "job").lockInterruptibly();
			return null;
		});
		await().atMost(WAIT).until(() -> claims("job").size() == 2);
		waiting.get().interrupt();
		assertThatExceptionOfType(java.util.concurrent.ExecutionException.class)
			.isThrownBy(() -> waiter.get(1, TimeUnit.MINUTES))
			.withCauseInstanceOf(InterruptedException.class);
		assertThat(claims("job")).hasSize(1);
		held.unlock();
		EtcdLock other = lock(this.two, "job");
		assertThat(other.tryLock()).isTrue();
		other.unlock();
	}

	@Test
	void lockKeepsWaitingWhenInterruptedAndKeepsTheInterrupt() throws Exception {
		EtcdLock held = lock(this.one, "job");
		held.lock();
		AtomicReference<Thread> waiting = new AtomicReference<>();
		Future<Boolean> waiter = this.threads.submit(() -> {
			waiting.set(Thread.currentThread());
			EtcdLock lock = lock(this.two, "job");
			lock.lock();
			boolean interrupted = Thread.interrupted();
			lock.unlock();
			return interrupted;
		});
		await().atMost(WAIT).until(() -> claims("job").size() == 2);
		waiting.get().interrupt();
		assertThat(claims("job")).as("still waiting").hasSize(2);
		held.unlock();
		assertThat(waiter.get(1, TimeUnit.MINUTES)).as("the interrupt flag, set again").isTrue();
	}

	@Test
	void unlockByAThreadThatDoesNotHoldTheLockFailsAndSaysWhatToDo() throws Exception {
		EtcdLock lock = lock(this.one, "job");
		assertThatExceptionOfType(IllegalMonitorStateException.class).isThrownBy(lock::unlock)
			.withMessageContaining("does not hold the etcd lock 'job'")
			.withMessageContaining("call unlock() on the thread that locked it");
		lock.lock();
		Future<?> other = this.threads.submit(lock::unlock);
		assertThatExceptionOfType(java.util.concurrent.ExecutionException.class)
			.isThrownBy(() -> other.get(1, TimeUnit.MINUTES))
			.withCauseInstanceOf(IllegalMonitorStateException.class);
		assertThat(lock.isHeldByCurrentThread()).isTrue();
		lock.unlock();
		assertThatExceptionOfType(IllegalMonitorStateException.class).isThrownBy(lock::getFencingToken)
			.withMessageContaining("take the lock first");
	}

	@Test
	void badKeysAndTtlsAreRefusedWithWhatToDo() {
		EtcdLockRegistry registry = this.one.getBean(EtcdLockRegistry.class);
		assertThatIllegalArgumentException().isThrownBy(() -> registry.obtain(""))
			.withMessageContaining("must be a non-empty String naming what the lock guards");
		assertThatIllegalArgumentException().isThrownBy(() -> registry.obtain(42))
			.withMessageContaining("non-empty String");
		assertThatIllegalArgumentException().isThrownBy(() -> registry.setSessionTtl(Duration.ofSeconds(-5)))
			.withMessageContaining("at least one second");
		assertThatIllegalArgumentException().isThrownBy(() -> registry.setSessionTtl(Duration.ZERO))
			.withMessageContaining("at least one second");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> registry.obtain("job").newCondition());
	}

	/**
	 * Revokes the lease of the registry's session behind its back, as an expiry would end
	 * it.
	 */
	private void revokeSessionOf(String key) {
		KeyValue claim = this.client.kv().get(GetOp.prefix(this.prefix + key + "/")).join().first().orElseThrow();
		this.client.lease().revoke(claim.lease()).join();
	}

	@Test
	void aLostSessionIsReportedAndUnlockAfterItFailsClearly() throws Exception {
		EtcdLock lock = lock(this.one, "job");
		lock.lock();
		revokeSessionOf("job");
		await().pollInSameThread().atMost(WAIT).until(() -> !lock.isHeldByCurrentThread());
		assertThat(lock.isAcquiredInThisProcess()).isFalse();
		EtcdLock other = lock(this.two, "job");
		assertThat(other.tryLock(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("another instance takes it").isTrue();
		assertThatExceptionOfType(EtcdLockLostException.class).isThrownBy(lock::unlock)
			.withMessageContaining("The etcd lock 'job' was lost before unlock()")
			.withMessageContaining("fencing token")
			.satisfies((ex) -> assertThat(ex.getLockKey()).isEqualTo("job"));
		assertThat(lock.tryLock()).as("released locally, held by the other instance").isFalse();
		other.unlock();
		assertThat(lock.tryLock()).isTrue();
		lock.unlock();
	}

	@Test
	void aReentrantAcquisitionAfterALostSessionClaimsTheLockAgain() throws Exception {
		EtcdLock lock = lock(this.one, "job");
		lock.lock();
		long first = lock.getFencingToken();
		revokeSessionOf("job");
		await().pollInSameThread().atMost(WAIT).until(() -> !lock.isHeldByCurrentThread());
		assertThat(lock.tryLock(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		assertThat(lock.isHeldByCurrentThread()).isTrue();
		assertThat(lock.getFencingToken()).isGreaterThan(first);
		assertThat(lock(this.two, "job").tryLock()).isFalse();
		lock.unlock();
		lock.unlock();
		assertThat(claims("job")).isEmpty();
	}

	@Test
	void fencingTokensGrowFromHolderToHolder() {
		EtcdLock first = lock(this.one, "job");
		first.lock();
		long token = first.getFencingToken();
		first.unlock();
		EtcdLock second = lock(this.two, "job");
		second.lock();
		assertThat(second.getFencingToken()).isGreaterThan(token);
		second.unlock();
	}

	@Test
	void locksWithNestedNamesAreIndependent() {
		EtcdLock parent = lock(this.one, "jobs");
		parent.lock();
		EtcdLock child = lock(this.two, "jobs/cleanup");
		assertThat(child.tryLock()).isTrue();
		assertThat(lock(this.two, "jobs").tryLock()).isFalse();
		parent.unlock();
		EtcdLock parentAgain = lock(this.two, "jobs");
		assertThat(parentAgain.tryLock()).as("not behind the child's claim").isTrue();
		parentAgain.unlock();
		child.unlock();
	}

	@Test
	void unusedLocksExpireAndHeldOnesStay() {
		EtcdLockRegistry registry = this.one.getBean(EtcdLockRegistry.class);
		EtcdLock unused = registry.obtain("unused");
		unused.lock();
		unused.unlock();
		EtcdLock held = registry.obtain("held");
		held.lock();
		assertThat(registry.obtain("unused")).isSameAs(unused);
		await().atMost(WAIT).until(() -> {
			registry.expireUnusedOlderThan(0);
			return registry.obtain("unused") != unused;
		});
		assertThat(registry.obtain("held")).isSameAs(held);
		assertThat(unused.tryLock()).isTrue();
		assertThat(registry.obtain("unused").tryLock()).as("a dropped object still excludes the new one, in etcd")
			.isFalse();
		held.unlock();
		unused.unlock();
	}

	@Test
	void destroyingTheRegistryReleasesItsLocksAtOnce() throws Exception {
		EtcdLock lock = lock(this.one, "job");
		lock.lock();
		this.one.close();
		EtcdLock other = lock(this.two, "job");
		assertThat(other.tryLock()).as("no TTL to wait for").isTrue();
		assertThatExceptionOfType(EtcdLockLostException.class).isThrownBy(lock::unlock)
			.withMessageContaining("closed, with its lock registry");
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(lock::tryLock)
			.withMessageContaining("was destroyed");
		other.unlock();
	}

	@Test
	void destroyingTheRegistryWaitsForTheLocksOtherThreadsHold() throws Exception {
		EtcdLock lock = lock(this.one, "job");
		CompletableFuture<Void> release = new CompletableFuture<>();
		Future<?> holder = holdInAnotherThread(lock, release);
		await().atMost(WAIT).until(lock::isAcquiredInThisProcess);
		AtomicReference<Thread> closer = new AtomicReference<>();
		Future<?> closing = this.threads.submit(() -> {
			closer.set(Thread.currentThread());
			this.one.close();
		});
		await().atMost(WAIT).until(() -> closer.get() != null && closer.get().getState() == Thread.State.TIMED_WAITING);
		EtcdLock other = lock(this.two, "job");
		assertThat(other.tryLock()).as("the holder still works").isFalse();
		release.complete(null);
		assertThat(holder).as("released, not lost").succeedsWithin(WAIT);
		assertThat(closing).succeedsWithin(WAIT);
		assertThat(other.tryLock()).isTrue();
		other.unlock();
	}

	@Test
	void etcdsLockServiceAndTheRegistryExcludeEachOther() throws Exception {
		try (Session session = this.client.lease().newSession(Duration.ofSeconds(10)).join()) {
			HeldLock held = this.client.lock().lock(this.prefix + "job", session, WAIT).join();
			EtcdLock lock = lock(this.one, "job");
			assertThat(lock.tryLock()).isFalse();
			held.close();
			assertThat(lock.tryLock()).isTrue();
			CompletableFuture<HeldLock> waiting = this.client.lock().lock(this.prefix + "job", session, WAIT);
			await().atMost(WAIT).until(() -> claims("job").size() == 2);
			assertThat(waiting).isNotDone();
			lock.unlock();
			assertThat(waiting).succeedsWithin(WAIT).satisfies(HeldLock::close);
		}
	}

	@Test
	void anInstanceLeavesNoThreadBehind() {
		// the other clients start threads lazily (their timer, on first use): close them
		// first
		this.one.close();
		this.two.close();
		this.client.close();
		Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
		try (AnnotationConfigApplicationContext instance = Instances.start(etcd.endpoints(), this.prefix,
				Instances.LockRegistryConfiguration.class)) {
			Lock lock = instance.getBean(EtcdLockRegistry.class).obtain("job");
			lock.lock();
			lock.unlock();
		}
		Instances.awaitNoThreadLeftSince(before);
	}

}
