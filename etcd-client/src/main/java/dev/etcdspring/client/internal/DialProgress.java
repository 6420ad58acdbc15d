package dev.etcdspring.client.internal;

import java.util.concurrent.atomic.AtomicLong;

import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import org.jspecify.annotations.Nullable;

/**
 * How far the client got while dialling: when the first connection attempt started (a
 * socket was created), when a TCP connection was first established, and when a member
 * first sent bytes. It lets the dial timeout count from the first attempt, not from
 * {@code build()}, so that the set-up of a cold JVM on a loaded machine (class loading,
 * JIT, resolver and load balancer start) is not blamed on the endpoints, and it tells
 * apart "the endpoints did not answer" from "the client did not get to read their
 * answer". Thread-safe; cost: one handler per new connection until its first read.
 */
final class DialProgress {

	private static final long NONE = Long.MIN_VALUE;

	private final AtomicLong attemptStarted = new AtomicLong(NONE);

	private final AtomicLong connected = new AtomicLong(NONE);

	private final AtomicLong answered = new AtomicLong(NONE);

	/** What had happened by a moment. */
	enum Stage {

		/** No connection attempt started. */
		NOT_STARTED,

		/** An attempt started; no TCP connection yet. */
		ATTEMPTED,

		/** A TCP connection is established; the member sent nothing yet. */
		CONNECTED,

		/** A member sent bytes. */
		ANSWERED

	}

	Stage stage() {
		if (this.answered.get() != NONE) {
			return Stage.ANSWERED;
		}
		if (this.connected.get() != NONE) {
			return Stage.CONNECTED;
		}
		return (this.attemptStarted.get() != NONE) ? Stage.ATTEMPTED : Stage.NOT_STARTED;
	}

	/**
	 * When the first attempt started.
	 * @return its {@link System#nanoTime()}; meaningless before {@link Stage#ATTEMPTED}
	 */
	long attemptStartedNanos() {
		return this.attemptStarted.get();
	}

	void attemptStarted() {
		this.attemptStarted.compareAndSet(NONE, System.nanoTime());
	}

	/**
	 * A handler for a new connection that records its progress, then leaves the pipeline
	 * at the first bytes read; {@code null} once a member answered (nothing more to
	 * learn).
	 * @return the handler, or {@code null}
	 */
	@Nullable ChannelInboundHandlerAdapter handler() {
		return (this.answered.get() != NONE) ? null : new Handler();
	}

	private final class Handler extends ChannelInboundHandlerAdapter {

		@Override
		public void channelActive(ChannelHandlerContext ctx) throws Exception {
			DialProgress.this.connected.compareAndSet(NONE, System.nanoTime());
			super.channelActive(ctx);
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
			DialProgress.this.answered.compareAndSet(NONE, System.nanoTime());
			ctx.pipeline().remove(this);
			ctx.fireChannelRead(msg);
		}

	}

}
