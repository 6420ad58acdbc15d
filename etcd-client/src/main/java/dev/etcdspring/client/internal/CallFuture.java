package dev.etcdspring.client.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The future a call returns, completed by the transport (a Netty thread) without ever
 * running the caller's code there.
 *
 * <p>
 * A caller blocked in {@link #join()} or {@link #get()} only needs waking: when nothing
 * else waits on the future, the transport completes it where it stands, and the caller
 * wakes at once, as with raw gRPC stubs on a direct executor. As soon as a stage is
 * attached ({@code thenApply}, {@code whenComplete}, …), the completion moves to the
 * callback executor, and that stage runs there (or on the attaching thread, when the
 * future is already complete). The hand-over is race-free for stages attached through
 * this future's methods: attaching one and completing claim the future with one
 * compare-and-set. A stage attached from outside, with this future as the argument of
 * another future's method ({@code other.thenCombine(this, …)}, {@code allOf(this, …)}),
 * is seen by the transport when it checks for dependents; one attached in the instant
 * between that check and the completion would run on the transport's thread.
 *
 * <p>
 * Cancelling the future cancels the call; the stages derived from it are plain futures.
 *
 * @param <T> the result type
 */
class CallFuture<T> extends CompletableFuture<T> {

	private static final int OPEN = 0;

	/** A stage was attached: the completion goes through the executor. */
	private static final int ROUTED = 1;

	/** The transport completes the future in place. */
	private static final int DIRECT = 2;

	private static final VarHandle MODE;

	private static final VarHandle WAITERS;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			MODE = lookup.findVarHandle(CallFuture.class, "mode", int.class);
			WAITERS = lookup.findVarHandle(CallFuture.class, "waiters", CompletableFuture.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final Executor executor;

	@SuppressWarnings("unused") // through MODE
	private volatile int mode;

	/** Where blocked callers wait: completed, on any thread, once this future is. */
	@SuppressWarnings("unused") // through WAITERS
	private volatile @Nullable CompletableFuture<Void> waiters;

	/**
	 * Creates the future.
	 * @param executor the callback executor, where attached stages run
	 */
	CallFuture(Executor executor) {
		this.executor = executor;
	}

	/**
	 * Completes the future from the transport: in place when nothing waits on it but
	 * blocked callers, else on the callback executor.
	 * @param value the result
	 */
	final void completeFromTransport(T value) {
		if (claimDirect()) {
			complete(value);
		}
		else {
			this.executor.execute(() -> complete(value));
		}
	}

	/**
	 * Fails the future from the transport, like {@link #completeFromTransport(Object)}.
	 * @param error the failure
	 */
	final void failFromTransport(Throwable error) {
		if (claimDirect()) {
			completeExceptionally(error);
		}
		else {
			this.executor.execute(() -> completeExceptionally(error));
		}
	}

	private boolean claimDirect() {
		return getNumberOfDependents() == 0 && MODE.compareAndSet(this, OPEN, DIRECT);
	}

	/**
	 * Before a stage is attached: from now on the completion goes through the executor.
	 */
	private void route() {
		if ((int) MODE.getVolatile(this) == OPEN && MODE.compareAndSet(this, OPEN, ROUTED)) {
			return;
		}
		if ((int) MODE.getVolatile(this) == DIRECT) {
			// the transport is completing it in place, which takes a moment: then the
			// stage runs here
			while (!isDone()) {
				Thread.onSpinWait();
			}
		}
	}

	// ---------------------------------------------------------------- completion wakes
	// blocked callers

	@Override
	public boolean complete(T value) {
		boolean completed = super.complete(value);
		signal();
		return completed;
	}

	@Override
	public boolean completeExceptionally(Throwable ex) {
		boolean completed = super.completeExceptionally(ex);
		signal();
		return completed;
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		boolean cancelled = super.cancel(mayInterruptIfRunning);
		signal();
		return cancelled;
	}

	@Override
	public void obtrudeValue(T value) {
		super.obtrudeValue(value);
		signal();
	}

	@Override
	public void obtrudeException(Throwable ex) {
		super.obtrudeException(ex);
		signal();
	}

	private void signal() {
		@SuppressWarnings("unchecked")
		CompletableFuture<Void> current = (CompletableFuture<Void>) WAITERS.getVolatile(this);
		if (current != null) {
			current.complete(null);
		}
	}

	/** Where a caller waits for this future, created on first need. */
	private CompletableFuture<Void> waiters() {
		@SuppressWarnings("unchecked")
		CompletableFuture<Void> current = (CompletableFuture<Void>) WAITERS.getVolatile(this);
		if (current == null) {
			CompletableFuture<Void> created = new CompletableFuture<>();
			current = WAITERS.compareAndSet(this, null, created) ? created
					: (CompletableFuture<Void>) WAITERS.getVolatile(this);
		}
		if (isDone()) {
			// completed before the waiters were there to be signalled
			current.complete(null);
		}
		return current;
	}

	@Override
	public T join() {
		if (!isDone()) {
			waiters().join();
		}
		return super.join();
	}

	@Override
	public T get() throws InterruptedException, ExecutionException {
		if (!isDone()) {
			waiters().get();
		}
		return super.get();
	}

	@Override
	public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
		if (!isDone()) {
			waiters().get(timeout, unit);
		}
		return super.get(timeout, unit);
	}

	@Override
	public CompletableFuture<T> completeAsync(java.util.function.Supplier<? extends T> supplier, Executor executor) {
		// through complete(…), so that blocked callers wake
		executor.execute(() -> {
			try {
				complete(supplier.get());
			}
			catch (Throwable ex) {
				completeExceptionally(ex);
			}
		});
		return this;
	}

	// ---------------------------------------------------------------- stages run on the
	// executor

	@Override
	public Executor defaultExecutor() {
		return this.executor;
	}

	@Override
	public <U> CompletableFuture<U> newIncompleteFuture() {
		return new CompletableFuture<>();
	}

	@Override
	public <U> CompletableFuture<U> thenApply(Function<? super T, ? extends U> fn) {
		route();
		return super.thenApply(fn);
	}

	@Override
	public CompletableFuture<Void> thenAccept(Consumer<? super T> action) {
		route();
		return super.thenAccept(action);
	}

	@Override
	public CompletableFuture<Void> thenRun(Runnable action) {
		route();
		return super.thenRun(action);
	}

	@Override
	public <U, V> CompletableFuture<V> thenCombine(CompletionStage<? extends U> other,
			BiFunction<? super T, ? super U, ? extends V> fn) {
		route();
		return super.thenCombine(other, fn);
	}

	@Override
	public <U> CompletableFuture<Void> thenAcceptBoth(CompletionStage<? extends U> other,
			BiConsumer<? super T, ? super U> action) {
		route();
		return super.thenAcceptBoth(other, action);
	}

	@Override
	public CompletableFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
		route();
		return super.runAfterBoth(other, action);
	}

	@Override
	public <U> CompletableFuture<U> applyToEither(CompletionStage<? extends T> other, Function<? super T, U> fn) {
		route();
		return super.applyToEither(other, fn);
	}

	@Override
	public CompletableFuture<Void> acceptEither(CompletionStage<? extends T> other, Consumer<? super T> action) {
		route();
		return super.acceptEither(other, action);
	}

	@Override
	public CompletableFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
		route();
		return super.runAfterEither(other, action);
	}

	@Override
	public <U> CompletableFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
		route();
		return super.thenCompose(fn);
	}

	@Override
	public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
		route();
		return super.whenComplete(action);
	}

	@Override
	public <U> CompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
		route();
		return super.handle(fn);
	}

	@Override
	public CompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
		route();
		return super.exceptionally(fn);
	}

	@Override
	public CompletableFuture<T> exceptionallyCompose(Function<Throwable, ? extends CompletionStage<T>> fn) {
		route();
		return super.exceptionallyCompose(fn);
	}

	@Override
	public CompletableFuture<T> copy() {
		route();
		return super.copy();
	}

	@Override
	public CompletionStage<T> minimalCompletionStage() {
		route();
		return super.minimalCompletionStage();
	}

}
