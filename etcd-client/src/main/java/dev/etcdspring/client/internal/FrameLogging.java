package dev.etcdspring.client.internal;

import java.lang.reflect.Method;

import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.util.AttributeKey;
import io.grpc.netty.shaded.io.netty.util.internal.logging.InternalLogLevel;
import io.grpc.netty.shaded.io.netty.util.internal.logging.InternalLogger;
import io.grpc.netty.shaded.io.netty.util.internal.logging.InternalLoggerFactory;

/**
 * Keeps gRPC's HTTP/2 frame logger quiet about this client's connections.
 *
 * <p>
 * grpc-netty logs every frame at DEBUG under {@value #FRAME_LOGGER}: the headers of every
 * call (the auth {@code token} among them) and the first bytes of every message (the
 * password of an Authenticate request, hex-encoded). A user who turns on DEBUG for
 * {@code io.grpc} to look at connections would write credentials to the log. gRPC has no
 * switch per channel, so this wraps the (shaded) Netty logger factory once, and the
 * wrapped frame logger drops the lines about the connections of etcd clients (marked with
 * {@link #CLIENT_CONNECTION} when they are created); other gRPC channels in the JVM log
 * as before. Setting the system property {@value #OPT_IN} to {@code true} before the
 * first client is built keeps the frames of etcd clients too, for debugging on a machine
 * where the secrets do not matter.
 */
final class FrameLogging {

	/** The logger grpc-netty's client frame logger writes to. */
	static final String FRAME_LOGGER = "io.grpc.netty.shaded.io.grpc.netty.NettyClientHandler";

	/** The system property that keeps frame logging for etcd clients' connections. */
	static final String OPT_IN = "dev.etcdspring.client.logFrames";

	/** Marks a socket channel of an etcd client. */
	static final AttributeKey<Boolean> CLIENT_CONNECTION = AttributeKey.valueOf("dev.etcdspring.client.connection");

	private static boolean installed;

	private FrameLogging() {
	}

	/**
	 * Wraps Netty's logger factory, once per JVM, unless {@value #OPT_IN} is
	 * {@code true}.
	 */
	static synchronized void install() {
		if (installed || Boolean.getBoolean(OPT_IN)) {
			return;
		}
		installed = true;
		InternalLoggerFactory current = InternalLoggerFactory.getDefaultFactory();
		if (current instanceof Filtering) {
			return;
		}
		try {
			// the factory method is protected: the wrapper calls the delegate's through
			// reflection
			Method newInstance = InternalLoggerFactory.class.getDeclaredMethod("newInstance", String.class);
			newInstance.setAccessible(true);
			InternalLoggerFactory.setDefaultFactory(new Filtering(current, newInstance));
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			System.getLogger(FrameLogging.class.getName())
				.log(System.Logger.Level.WARNING, "Cannot keep gRPC's frame logger (" + FRAME_LOGGER + ") quiet about "
						+ "etcd connections; do not set it to DEBUG, it would log etcd credentials", ex);
		}
	}

	static boolean isOurs(Object argument) {
		return argument instanceof Channel channel && channel.hasAttr(CLIENT_CONNECTION);
	}

	static boolean firstIsOurs(Object[] arguments) {
		return arguments != null && arguments.length > 0 && isOurs(arguments[0]);
	}

	/**
	 * The factory: the frame logger wrapped, every other logger as the delegate makes it.
	 */
	private static final class Filtering extends InternalLoggerFactory {

		private final InternalLoggerFactory delegate;

		private final Method newInstance;

		Filtering(InternalLoggerFactory delegate, Method newInstance) {
			this.delegate = delegate;
			this.newInstance = newInstance;
		}

		@Override
		protected InternalLogger newInstance(String name) {
			InternalLogger logger;
			try {
				logger = (InternalLogger) this.newInstance.invoke(this.delegate, name);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException("Cannot create the logger " + name, ex);
			}
			return FRAME_LOGGER.equals(name) ? new FrameLogger(logger) : logger;
		}

	}

	/**
	 * The frame logger without the lines whose first argument is an etcd client's
	 * connection (the frame logger's lines start with the channel).
	 */
	private static final class FrameLogger implements InternalLogger {

		private final InternalLogger delegate;

		FrameLogger(InternalLogger delegate) {
			this.delegate = delegate;
		}

		@Override
		public String name() {
			return this.delegate.name();
		}

		@Override
		public boolean isEnabled(InternalLogLevel level) {
			return this.delegate.isEnabled(level);
		}

		@Override
		public void log(InternalLogLevel level, String msg) {
			this.delegate.log(level, msg);
		}

		@Override
		public void log(InternalLogLevel level, String format, Object arg) {
			if (!isOurs(arg)) {
				this.delegate.log(level, format, arg);
			}
		}

		@Override
		public void log(InternalLogLevel level, String format, Object argA, Object argB) {
			if (!isOurs(argA)) {
				this.delegate.log(level, format, argA, argB);
			}
		}

		@Override
		public void log(InternalLogLevel level, String format, Object... arguments) {
			if (!firstIsOurs(arguments)) {
				this.delegate.log(level, format, arguments);
			}
		}

		@Override
		public void log(InternalLogLevel level, String msg, Throwable t) {
			this.delegate.log(level, msg, t);
		}

		@Override
		public void log(InternalLogLevel level, Throwable t) {
			this.delegate.log(level, t);
		}

		@Override
		public boolean isTraceEnabled() {
			return this.delegate.isTraceEnabled();
		}

		@Override
		public void trace(String msg) {
			this.delegate.trace(msg);
		}

		@Override
		public void trace(String format, Object arg) {
			if (!isOurs(arg)) {
				this.delegate.trace(format, arg);
			}
		}

		@Override
		public void trace(String format, Object argA, Object argB) {
			if (!isOurs(argA)) {
				this.delegate.trace(format, argA, argB);
			}
		}

		@Override
		public void trace(String format, Object... arguments) {
			if (!firstIsOurs(arguments)) {
				this.delegate.trace(format, arguments);
			}
		}

		@Override
		public void trace(String msg, Throwable t) {
			this.delegate.trace(msg, t);
		}

		@Override
		public void trace(Throwable t) {
			this.delegate.trace(t);
		}

		@Override
		public boolean isDebugEnabled() {
			return this.delegate.isDebugEnabled();
		}

		@Override
		public void debug(String msg) {
			this.delegate.debug(msg);
		}

		@Override
		public void debug(String format, Object arg) {
			if (!isOurs(arg)) {
				this.delegate.debug(format, arg);
			}
		}

		@Override
		public void debug(String format, Object argA, Object argB) {
			if (!isOurs(argA)) {
				this.delegate.debug(format, argA, argB);
			}
		}

		@Override
		public void debug(String format, Object... arguments) {
			if (!firstIsOurs(arguments)) {
				this.delegate.debug(format, arguments);
			}
		}

		@Override
		public void debug(String msg, Throwable t) {
			this.delegate.debug(msg, t);
		}

		@Override
		public void debug(Throwable t) {
			this.delegate.debug(t);
		}

		@Override
		public boolean isInfoEnabled() {
			return this.delegate.isInfoEnabled();
		}

		@Override
		public void info(String msg) {
			this.delegate.info(msg);
		}

		@Override
		public void info(String format, Object arg) {
			if (!isOurs(arg)) {
				this.delegate.info(format, arg);
			}
		}

		@Override
		public void info(String format, Object argA, Object argB) {
			if (!isOurs(argA)) {
				this.delegate.info(format, argA, argB);
			}
		}

		@Override
		public void info(String format, Object... arguments) {
			if (!firstIsOurs(arguments)) {
				this.delegate.info(format, arguments);
			}
		}

		@Override
		public void info(String msg, Throwable t) {
			this.delegate.info(msg, t);
		}

		@Override
		public void info(Throwable t) {
			this.delegate.info(t);
		}

		@Override
		public boolean isWarnEnabled() {
			return this.delegate.isWarnEnabled();
		}

		@Override
		public void warn(String msg) {
			this.delegate.warn(msg);
		}

		@Override
		public void warn(String format, Object arg) {
			if (!isOurs(arg)) {
				this.delegate.warn(format, arg);
			}
		}

		@Override
		public void warn(String format, Object argA, Object argB) {
			if (!isOurs(argA)) {
				this.delegate.warn(format, argA, argB);
			}
		}

		@Override
		public void warn(String format, Object... arguments) {
			if (!firstIsOurs(arguments)) {
				this.delegate.warn(format, arguments);
			}
		}

		@Override
		public void warn(String msg, Throwable t) {
			this.delegate.warn(msg, t);
		}

		@Override
		public void warn(Throwable t) {
			this.delegate.warn(t);
		}

		@Override
		public boolean isErrorEnabled() {
			return this.delegate.isErrorEnabled();
		}

		@Override
		public void error(String msg) {
			this.delegate.error(msg);
		}

		@Override
		public void error(String format, Object arg) {
			if (!isOurs(arg)) {
				this.delegate.error(format, arg);
			}
		}

		@Override
		public void error(String format, Object argA, Object argB) {
			if (!isOurs(argA)) {
				this.delegate.error(format, argA, argB);
			}
		}

		@Override
		public void error(String format, Object... arguments) {
			if (!firstIsOurs(arguments)) {
				this.delegate.error(format, arguments);
			}
		}

		@Override
		public void error(String msg, Throwable t) {
			this.delegate.error(msg, t);
		}

		@Override
		public void error(Throwable t) {
			this.delegate.error(t);
		}

	}

}
