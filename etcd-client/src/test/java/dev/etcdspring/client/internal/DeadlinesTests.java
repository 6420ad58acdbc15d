package dev.etcdspring.client.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Deadlines wake the timer at the earliest deadline in flight, never at a fixed rate. */
class DeadlinesTests {

	private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

	private final Deadlines deadlines = new Deadlines(this.timer);

	@AfterEach
	void stop() {
		this.timer.shutdownNow();
	}

	@Test
	void oneLongWaitWakesTheTimerOnce() {
		Call call = new Call(Duration.ofSeconds(2));
		this.deadlines.add(call);
		await().atMost(Duration.ofSeconds(30)).until(() -> call.passedAt.get() != 0);
		assertThat(call.passedAt.get() - call.deadline).isNotNegative();
		// a 20 ms sweep would have run 100 times by now
		assertThat(this.deadlines.sweeps()).isEqualTo(1);
	}

	@Test
	void everyCallIsCancelledAtItsOwnDeadlineAndNotBefore() {
		List<Call> calls = new ArrayList<>();
		// later deadlines first, then earlier ones that must move the wake-up forward
		for (int millis : new int[] { 900, 700, 500, 300, 100, 800, 200 }) {
			Call call = new Call(Duration.ofMillis(millis));
			calls.add(call);
			this.deadlines.add(call);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> calls.stream().allMatch((c) -> c.passedAt.get() != 0));
		for (Call call : calls) {
			assertThat(call.passedAt.get() - call.deadline).isNotNegative();
		}
	}

	@Test
	void aCallThatEndsInTimeIsNeverCancelled() {
		Call done = new Call(Duration.ofMillis(200));
		Call later = new Call(Duration.ofMillis(600));
		this.deadlines.add(done);
		this.deadlines.add(later);
		this.deadlines.remove(done);
		await().atMost(Duration.ofSeconds(30)).until(() -> later.passedAt.get() != 0);
		assertThat(done.passedAt.get()).isZero();
	}

	@Test
	void callsAddedWhileOthersExpireAreAllCancelled() {
		// many calls with close deadlines, added from several threads while sweeps run
		List<Call> calls = java.util.Collections.synchronizedList(new ArrayList<>());
		List<Thread> adders = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			Thread adder = new Thread(() -> {
				for (int i = 0; i < 2000; i++) {
					Call call = new Call(Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(i % 50)));
					calls.add(call);
					this.deadlines.add(call);
				}
			});
			adder.start();
			adders.add(adder);
		}
		adders.forEach((adder) -> {
			try {
				adder.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		await().atMost(Duration.ofSeconds(30))
			.until(() -> List.copyOf(calls).stream().allMatch((c) -> c.passedAt.get() != 0));
	}

	private static final class Call implements Deadlines.Timed {

		final long deadline;

		final AtomicLong passedAt = new AtomicLong();

		Call(Duration timeout) {
			this.deadline = System.nanoTime() + timeout.toNanos();
		}

		@Override
		public long deadlineNanos() {
			return this.deadline;
		}

		@Override
		public void deadlinePassed() {
			this.passedAt.set(System.nanoTime());
		}

	}

}
