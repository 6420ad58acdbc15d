package dev.etcdspring.client.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A call's future is completed by the transport in place only while nobody but blocked
 * callers waits on it; every attached stage runs on the callback executor, never on the
 * transport's thread.
 */
class CallFutureTests {

	private final ExecutorService callbacks = Executors.newFixedThreadPool(2, (r) -> new Thread(r, "callbacks"));

	private final ExecutorService transport = Executors.newSingleThreadExecutor((r) -> new Thread(r, "transport"));

	@AfterEach
	void stop() {
		this.callbacks.shutdownNow();
		this.transport.shutdownNow();
	}

	@Test
	void aBlockedCallerIsWokenByTheTransportItself() throws Exception {
		CallFuture<String> future = new CallFuture<>(this.callbacks);
		AtomicReference<String> completedOn = new AtomicReference<>();
		CountDownLatch waiting = new CountDownLatch(1);
		CompletableFuture<String> caller = CompletableFuture.supplyAsync(() -> {
			waiting.countDown();
			return future.join();
		});
		waiting.await();
		this.transport.submit(() -> {
			future.completeFromTransport("v");
			completedOn.set(Thread.currentThread().getName());
		}).get();
		assertThat(caller.get(30, TimeUnit.SECONDS)).isEqualTo("v");
		assertThat(future.getNumberOfDependents()).isZero();
	}

	@Test
	void aStageAttachedBeforeCompletionRunsOnTheCallbackExecutor() throws Exception {
		CallFuture<String> future = new CallFuture<>(this.callbacks);
		AtomicReference<String> ranOn = new AtomicReference<>();
		CompletableFuture<Void> stage = future.thenAccept((v) -> ranOn.set(Thread.currentThread().getName()));
		this.transport.submit(() -> future.completeFromTransport("v")).get();
		stage.get(30, TimeUnit.SECONDS);
		assertThat(ranOn.get()).isEqualTo("callbacks");
	}

	@Test
	void aStageAttachedAfterCompletionRunsOnTheAttachingThread() throws Exception {
		CallFuture<String> future = new CallFuture<>(this.callbacks);
		this.transport.submit(() -> future.completeFromTransport("v")).get();
		AtomicReference<String> ranOn = new AtomicReference<>();
		future.whenComplete((v, e) -> ranOn.set(Thread.currentThread().getName())).get();
		assertThat(ranOn.get()).isEqualTo(Thread.currentThread().getName());
	}

	@Test
	void stagesAttachedWhileTheTransportCompletesNeverRunOnTheTransport() throws Exception {
		// bounded: 20,000 races, each between one attaching thread and the transport
		AtomicInteger onTransport = new AtomicInteger();
		for (int i = 0; i < 20_000; i++) {
			CallFuture<Integer> future = new CallFuture<>(this.callbacks);
			CountDownLatch go = new CountDownLatch(1);
			var completion = this.transport.submit(() -> {
				go.await();
				future.completeFromTransport(1);
				return null;
			});
			go.countDown();
			CompletableFuture<Void> stage = future.thenAccept((v) -> {
				if (Thread.currentThread().getName().equals("transport")) {
					onTransport.incrementAndGet();
				}
			});
			completion.get(30, TimeUnit.SECONDS);
			stage.get(30, TimeUnit.SECONDS);
		}
		assertThat(onTransport).hasValue(0);
	}

	@Test
	void asyncStagesRunOnTheCallbackExecutorByDefault() throws Exception {
		CallFuture<String> future = new CallFuture<>(this.callbacks);
		AtomicReference<String> ranOn = new AtomicReference<>();
		CompletableFuture<Void> stage = future.thenAcceptAsync((v) -> ranOn.set(Thread.currentThread().getName()));
		this.transport.submit(() -> future.completeFromTransport("v")).get();
		stage.get(30, TimeUnit.SECONDS);
		assertThat(ranOn.get()).isEqualTo("callbacks");
	}

	@Test
	void failuresCancellationAndTimeoutsWakeBlockedCallers() throws Exception {
		CallFuture<String> failed = new CallFuture<>(this.callbacks);
		CompletableFuture<Throwable> failedCaller = CompletableFuture.supplyAsync(() -> {
			try {
				failed.get();
				return null;
			}
			catch (Exception ex) {
				return ex.getCause();
			}
		});
		await().atMost(Duration.ofSeconds(30)).until(() -> failed.isDone() || isWaiting(failed));
		this.transport.submit(() -> failed.failFromTransport(new IllegalStateException("boom"))).get();
		assertThat(failedCaller.get(30, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);

		CallFuture<String> cancelled = new CallFuture<>(this.callbacks);
		CompletableFuture<Boolean> cancelledCaller = CompletableFuture.supplyAsync(() -> {
			try {
				cancelled.join();
				return false;
			}
			catch (java.util.concurrent.CancellationException ex) {
				return true;
			}
		});
		await().atMost(Duration.ofSeconds(30)).until(() -> isWaiting(cancelled));
		cancelled.cancel(false);
		assertThat(cancelledCaller.get(30, TimeUnit.SECONDS)).isTrue();

		CallFuture<String> slow = new CallFuture<>(this.callbacks);
		slow.orTimeout(50, TimeUnit.MILLISECONDS);
		assertThatExceptionOfType(java.util.concurrent.ExecutionException.class).isThrownBy(slow::get)
			.withCauseInstanceOf(TimeoutException.class);

		CallFuture<String> never = new CallFuture<>(this.callbacks);
		assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> never.get(10, TimeUnit.MILLISECONDS));
	}

	/** Whether a caller is parked on the future's waiters (it created them). */
	private static boolean isWaiting(CallFuture<?> future) {
		try {
			var field = CallFuture.class.getDeclaredField("waiters");
			field.setAccessible(true);
			CompletableFuture<?> waiters = (CompletableFuture<?>) field.get(future);
			return waiters != null && waiters.getNumberOfDependents() > 0;
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
