package dev.etcdspring.client.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.etcdspring.client.event.CallbackPoolStats;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.SocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * The threads one client owns, and their close: a Netty event loop (epoll where
 * available), a timer thread, and the callback executor unless the user supplied one.
 * Every thread is tracked, and {@link #close(long, String)} ends each of them, waiting up
 * to a grace period before forcing.
 *
 * <p>
 * The executor handed to gRPC and to the client's own code never throws
 * {@link RejectedExecutionException}: a task it cannot queue (the client is closing, or a
 * user's bounded executor is full) runs on the calling thread. gRPC runs state listeners
 * from its synchronization context, where a rejection would be an uncaught "Panic!".
 */
final class ClientResources {

	private static final System.Logger log = System.getLogger(ClientResources.class.getName());

	private static final ThreadLocal<ClientResources> ownThread = new ThreadLocal<>();

	private final String name;

	private final EventLoopGroup eventLoopGroup;

	private final boolean epoll;

	private final ScheduledThreadPoolExecutor timer;

	private final @Nullable ExecutorService ownedExecutor;

	private final Executor userExecutor;

	private final Executor executor = this::execute;

	private final Set<ScheduledTask> scheduled = ConcurrentHashMap.newKeySet();

	/** Every thread these resources created, joined by close. */
	private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final AtomicBoolean rejectionLogged = new AtomicBoolean();

	/**
	 * Creates the threads' factories and pools (threads start on first use).
	 * @param name the client's name, which prefixes every thread's name
	 * @param ioThreads how many event-loop threads at most
	 * @param userExecutor the executor the user supplied, or {@code null} for an own
	 * callback pool
	 */
	ClientResources(String name, int ioThreads, @Nullable Executor userExecutor) {
		this.name = name;
		this.epoll = Epoll.isAvailable();
		ThreadFactory nettyThreads = new DefaultThreadFactory(name + "-io", true);
		this.eventLoopGroup = new MultiThreadIoEventLoopGroup(ioThreads,
				(ThreadFactory) (runnable) -> track(nettyThreads.newThread(runnable)),
				this.epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
		this.timer = new ScheduledThreadPoolExecutor(1, threads("timer"));
		this.timer.setRemoveOnCancelPolicy(true);
		if (userExecutor != null) {
			this.ownedExecutor = null;
			this.userExecutor = userExecutor;
		}
		else {
			// one worker per core on a shared queue, more while callbacks block (see
			// CallbackPool)
			this.ownedExecutor = new CallbackPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
					threads("callback"), this.timer);
			this.userExecutor = this.ownedExecutor;
		}
	}

	private ThreadFactory threads(String role) {
		AtomicInteger count = new AtomicInteger();
		String prefix = this.name + "-" + role + "-";
		return (runnable) -> {
			Thread thread = new Thread(() -> {
				ownThread.set(this);
				runnable.run();
			}, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return track(thread);
		};
	}

	private Thread track(Thread thread) {
		// threads are created rarely (pools reuse them): forget the ones that ended here
		this.threads.removeIf((t) -> t.getState() == Thread.State.TERMINATED);
		this.threads.add(thread);
		return thread;
	}

	EventLoopGroup eventLoopGroup() {
		return this.eventLoopGroup;
	}

	/**
	 * A new socket of the kind the event loop serves.
	 * @return the socket channel
	 */
	SocketChannel newSocket() {
		return this.epoll ? new EpollSocketChannel() : new NioSocketChannel();
	}

	/**
	 * A read-only view of the callback pool, when the client owns one.
	 * @return the view, or {@code null} with the user's executor
	 */
	@Nullable CallbackPoolStats callbackPoolStats() {
		return (this.ownedExecutor instanceof CallbackPool pool) ? pool.stats() : null;
	}

	ScheduledThreadPoolExecutor timer() {
		return this.timer;
	}

	/**
	 * The callback executor, as gRPC and the client's code use it: it never rejects a
	 * task.
	 * @return the executor
	 */
	Executor executor() {
		return this.executor;
	}

	/**
	 * Runs a task on the callback executor; on the calling thread when the executor
	 * refuses it.
	 * @param task the task
	 */
	void execute(Runnable task) {
		try {
			this.userExecutor.execute(task);
		}
		catch (RejectedExecutionException ex) {
			if (!this.closed.get() && this.rejectionLogged.compareAndSet(false, true)) {
				log.log(System.Logger.Level.WARNING, this.name + ": the callback executor rejected a task, which "
						+ "ran on the calling thread instead (a gRPC or Netty thread); give the executor room for the "
						+ "client's callbacks", ex);
			}
			task.run();
		}
	}

	/**
	 * Runs a task on the callback executor after a delay. If the client closes first, the
	 * task runs at once (on the closing thread), so that whatever waits on it learns of
	 * the close.
	 * @param task the task
	 * @param delayNanos the delay
	 */
	void schedule(Runnable task, long delayNanos) {
		ScheduledTask entry = new ScheduledTask(task);
		this.scheduled.add(entry);
		try {
			this.timer.schedule(entry, delayNanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			entry.runNow();
		}
		if (this.closed.get()) {
			entry.runNow();
		}
	}

	/** A delayed task that runs exactly once: when due, or at close. */
	private final class ScheduledTask implements Runnable {

		private final Runnable task;

		ScheduledTask(Runnable task) {
			this.task = task;
		}

		@Override
		public void run() {
			if (ClientResources.this.scheduled.remove(this)) {
				execute(this.task);
			}
		}

		void runNow() {
			if (ClientResources.this.scheduled.remove(this)) {
				this.task.run();
			}
		}

	}

	/**
	 * First step of closing: stops the timer and runs every task still scheduled, on this
	 * thread.
	 */
	void stopTimer() {
		this.closed.set(true);
		this.timer.shutdownNow();
		for (ScheduledTask task : List.copyOf(this.scheduled)) {
			task.runNow();
		}
	}

	/**
	 * Shuts the event loop and the owned callback pool down, waiting for each up to the
	 * grace period before forcing it, then waits for every thread to end. Call
	 * {@link #stopTimer()} and close the channels first.
	 * @param graceNanos the grace period
	 * @param grace the grace period, for messages
	 * @throws InterruptedException when interrupted while waiting
	 */
	void close(long graceNanos, String grace) throws InterruptedException {
		stopTimer();
		try {
			this.timer.awaitTermination(graceNanos, TimeUnit.NANOSECONDS);
			boolean onOwnThread = ownThread.get() == this;
			var loopShutdown = this.eventLoopGroup.shutdownGracefully(0, graceNanos, TimeUnit.NANOSECONDS);
			if (!this.eventLoopGroup.next().inEventLoop()) {
				loopShutdown.await(graceNanos, TimeUnit.NANOSECONDS);
			}
			if (this.ownedExecutor != null) {
				this.ownedExecutor.shutdown();
				if (!onOwnThread && !this.ownedExecutor.awaitTermination(graceNanos, TimeUnit.NANOSECONDS)) {
					this.ownedExecutor.shutdownNow();
					log.log(System.Logger.Level.WARNING,
							this.name + ": callbacks still running after " + grace + " were interrupted");
				}
			}
			// a pool counts as terminated just before its last thread exits: wait for the
			// threads themselves
			long deadline = System.nanoTime() + graceNanos;
			for (Thread thread : this.threads) {
				if (thread != Thread.currentThread()) {
					TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, deadline - System.nanoTime()));
				}
			}
		}
		catch (InterruptedException ex) {
			if (this.ownedExecutor != null) {
				this.ownedExecutor.shutdownNow();
			}
			throw ex;
		}
	}

}
