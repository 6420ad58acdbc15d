package dev.etcdspring.client.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The callback pool keeps going when every worker blocks, and gives the extra workers
 * back.
 */
class CallbackPoolTests {

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

	private final AtomicInteger threads = new AtomicInteger();

	private final AtomicInteger gaveUp = new AtomicInteger();

	private final CallbackPool pool = new CallbackPool(2, (r) -> {
		Thread thread = new Thread(r, "callback-pool-test-" + this.threads.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	}, this.timer);

	@AfterEach
	void shutDown() throws InterruptedException {
		this.pool.shutdownNow();
		this.timer.shutdownNow();
		assertThat(this.pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aTaskQueuedBehindBlockedWorkersRunsOnAnExtraWorker() {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch blocked = new CountDownLatch(2);
		for (int i = 0; i < 2; i++) {
			this.pool.execute(() -> {
				blocked.countDown();
				waitFor(release);
			});
		}
		waitFor(blocked);
		CountDownLatch ran = new CountDownLatch(1);
		this.pool.execute(ran::countDown);
		await().atMost(Duration.ofSeconds(10)).until(() -> ran.getCount() == 0);
		assertThat(this.pool.getCorePoolSize()).isEqualTo(3);
		assertThat(this.gaveUp).hasValue(0);

		release.countDown();
		// the next queued task finds idle workers; the pool goes back to its base size
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			this.pool.execute(() -> {
			});
			assertThat(this.pool.getCorePoolSize()).isEqualTo(2);
		});
	}

	@Test
	void workersThatWaitForEachOtherDoNotDeadlock() {
		// each task waits for one queued after it: with a fixed pool of 2 this never
		// finishes
		int tasks = 10;
		CountDownLatch[] done = new CountDownLatch[tasks + 1];
		for (int i = 0; i <= tasks; i++) {
			done[i] = new CountDownLatch(1);
		}
		done[tasks].countDown();
		for (int i = 0; i < tasks; i++) {
			int index = i;
			this.pool.execute(() -> {
				waitFor(done[index + 1]);
				done[index].countDown();
			});
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> done[0].getCount() == 0);
		assertThat(this.gaveUp).hasValue(0);
	}

	@Test
	void aBusyPoolThatMakesProgressDoesNotGrow() throws InterruptedException {
		CountDownLatch all = new CountDownLatch(200_000);
		for (int i = 0; i < 200_000; i++) {
			this.pool.execute(all::countDown);
		}
		assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(this.pool.getLargestPoolSize()).isEqualTo(2);
	}

	@Test
	void aBusyPoolInAProcessThatIsOffTheCpuDoesNotGrow() throws Exception {
		// what a loaded machine or a CPU limit does to a process, done to this JVM:
		// stopped (SIGSTOP)
		// for 50 ms, 20 times, while tasks keep coming; nothing completes while it is
		// stopped, and
		// that is no reason to grow. The shell always sends SIGCONT, even when it is
		// killed.
		long pid = ProcessHandle.current().pid();
		Process stopper = new ProcessBuilder("sh", "-c", "trap 'kill -CONT " + pid + "' EXIT; for i in $(seq 20); do "
				+ "kill -STOP " + pid + "; sleep 0.05; kill -CONT " + pid + "; sleep 0.02; done")
			.redirectErrorStream(true)
			.start();
		try {
			long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			long submitted = 0;
			AtomicInteger done = new AtomicInteger();
			while (stopper.isAlive() && System.nanoTime() - stopAt < 0) {
				for (int i = 0; i < 1000; i++) {
					this.pool.execute(done::incrementAndGet);
				}
				submitted += 1000;
				while (submitted - done.get() > 50_000) {
					Thread.onSpinWait();
				}
			}
			assertThat(stopper.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(stopper.exitValue()).isZero();
			long expected = submitted;
			await().atMost(Duration.ofSeconds(30)).until(() -> done.get() == expected);
			assertThat(this.pool.getLargestPoolSize()).isEqualTo(2);
		}
		finally {
			stopper.destroy();
		}
	}

	@Test
	void workersStuckInRunnableCallbacksGetHelpEventually() {
		// a callback blocked in native I/O looks runnable; spinning stands in for it here
		AtomicBoolean release = new AtomicBoolean();
		CountDownLatch started = new CountDownLatch(2);
		long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		for (int i = 0; i < 2; i++) {
			this.pool.execute(() -> {
				started.countDown();
				while (!release.get() && System.nanoTime() - stopAt < 0) {
					Thread.onSpinWait();
				}
			});
		}
		waitFor(started);
		CountDownLatch ran = new CountDownLatch(1);
		this.pool.execute(ran::countDown);
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> ran.getCount() == 0);
			assertThat(this.pool.getLargestPoolSize()).isEqualTo(3);
		}
		finally {
			release.set(true);
		}
	}

	/**
	 * Waits for the latch; giving up (a stuck pool) fails the test, it never counts as
	 * done.
	 */
	private void waitFor(CountDownLatch latch) {
		try {
			if (!latch.await(60, TimeUnit.SECONDS)) {
				this.gaveUp.incrementAndGet();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
