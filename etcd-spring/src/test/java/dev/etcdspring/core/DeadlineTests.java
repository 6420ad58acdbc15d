package dev.etcdspring.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The template's deadline over plain futures, with a clock the test moves. */
class DeadlineTests {

	private final AtomicLong clock = new AtomicLong();

	@AfterEach
	void clearInterrupt() {
		Thread.interrupted();
	}

	@Test
	void callsShareOneDeadlineAndNoCallStartsAfterIt() {
		Deadline deadline = Deadline.in(Duration.ofSeconds(10), this.clock::get);
		assertThat(deadline.await(() -> CompletableFuture.completedFuture("grant"))).isEqualTo("grant");
		this.clock.addAndGet(Duration.ofSeconds(10).toNanos());
		AtomicBoolean started = new AtomicBoolean();
		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(() -> deadline.await(() -> {
			started.set(true);
			return CompletableFuture.completedFuture("put");
		})).withMessageContaining("10000 ms").withMessageContaining("EtcdTemplate.setTimeout");
		assertThat(started).as("the second call was never sent").isFalse();
	}

	@Test
	void aWaitThatOutlivesTheDeadlineCancelsTheCall() {
		CompletableFuture<String> never = new CompletableFuture<>();
		// the test's clock stands still: one nanosecond is left when the call is sent
		Deadline deadline = Deadline.in(Duration.ofNanos(1), this.clock::get);
		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(() -> deadline.await(() -> never))
			.withMessageContaining("its call was cancelled");
		assertThat(never).isCancelled();
	}

	@Test
	void anInterruptedCallerSendsNothing() {
		Thread.currentThread().interrupt();
		AtomicBoolean started = new AtomicBoolean();
		assertThatExceptionOfType(EtcdInterruptedException.class)
			.isThrownBy(() -> Deadline.in(Duration.ofSeconds(10)).await(() -> {
				started.set(true);
				return new CompletableFuture<>();
			}))
			.withMessageContaining("nothing was sent");
		assertThat(started).isFalse();
		assertThat(Thread.currentThread().isInterrupted()).as("the flag is kept").isTrue();
	}

	@Test
	void anInterruptDuringTheWaitCancelsTheCallAndKeepsTheFlag() throws Exception {
		CompletableFuture<String> never = new CompletableFuture<>();
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		AtomicBoolean flagAfter = new AtomicBoolean();
		Thread caller = new Thread(() -> {
			try {
				Deadline.in(Duration.ofMinutes(5)).await(() -> never);
			}
			catch (RuntimeException ex) {
				thrown.set(ex);
				flagAfter.set(Thread.currentThread().isInterrupted());
			}
		}, "deadline-test-caller");
		caller.start();
		await().until(() -> caller.getState() == Thread.State.TIMED_WAITING);
		caller.interrupt();
		caller.join(Duration.ofMinutes(1).toMillis());
		assertThat(thrown.get()).isInstanceOf(EtcdInterruptedException.class)
			.hasCauseInstanceOf(InterruptedException.class)
			.hasMessageContaining("cancelled");
		assertThat(flagAfter).isTrue();
		assertThat(never).isCancelled();
	}

	@Test
	void theCallsOwnFailureIsUnwrapped() {
		IllegalStateException failure = new IllegalStateException("boom");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> Deadline.in(Duration.ofSeconds(1)).await(() -> CompletableFuture.failedFuture(failure)))
			.isSameAs(failure);
	}

}
