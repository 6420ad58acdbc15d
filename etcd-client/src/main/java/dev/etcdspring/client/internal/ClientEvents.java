package dev.etcdspring.client.internal;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.event.CallbackPoolStats;
import dev.etcdspring.client.event.EtcdClientListener;
import dev.etcdspring.client.event.StreamKind;
import org.jspecify.annotations.Nullable;

/**
 * Hands the client's events to its {@link EtcdClientListener}s: one at a time, in order,
 * on the callback executor (a {@link SerialExecutor}), so that no listener runs on a
 * Netty thread or under a lock of the client, however the event was raised. Without
 * listeners every method returns at once, before allocating anything: that is the cost of
 * the hook when unused. A listener that throws is logged and does not keep the others
 * from the event.
 */
final class ClientEvents {

	private static final System.Logger log = System.getLogger(ClientEvents.class.getName());

	private final EtcdClientListener[] listeners;

	private final @Nullable SerialExecutor serial;

	/**
	 * The dispatcher of one client.
	 * @param listeners the listeners, possibly none
	 * @param executor the callback executor
	 */
	ClientEvents(List<EtcdClientListener> listeners, Executor executor) {
		this.listeners = listeners.toArray(new EtcdClientListener[0]);
		this.serial = (this.listeners.length > 0) ? new SerialExecutor(executor) : null;
	}

	/**
	 * Whether any listener is registered.
	 * @return whether events are delivered
	 */
	boolean enabled() {
		return this.serial != null;
	}

	private void emit(Consumer<EtcdClientListener> event) {
		SerialExecutor target = this.serial;
		if (target == null) {
			return;
		}
		target.execute(() -> {
			for (EtcdClientListener listener : this.listeners) {
				try {
					event.accept(listener);
				}
				catch (RuntimeException ex) {
					log.log(System.Logger.Level.WARNING, "etcd client listener " + listener + " failed", ex);
				}
			}
		});
	}

	void callbackPoolStarted(CallbackPoolStats pool) {
		if (enabled()) {
			emit((l) -> l.callbackPoolStarted(pool));
		}
	}

	void connectionStateChanged(String endpoint, boolean connected) {
		if (enabled()) {
			emit((l) -> l.connectionStateChanged(endpoint, connected));
		}
	}

	void streamReopened(StreamKind stream) {
		if (enabled()) {
			emit((l) -> l.streamReopened(stream));
		}
	}

	void watchCreated() {
		if (enabled()) {
			emit(EtcdClientListener::watchCreated);
		}
	}

	void watchResumed() {
		if (enabled()) {
			emit(EtcdClientListener::watchResumed);
		}
	}

	void watchEnded(boolean created, @Nullable EtcdException error) {
		if (enabled()) {
			emit((l) -> l.watchEnded(created, error));
		}
	}

	void watchEventsReceived(int count) {
		if (enabled()) {
			emit((l) -> l.watchEventsReceived(count));
		}
	}

	void keepAliveStarted(long leaseId) {
		if (enabled()) {
			emit((l) -> l.keepAliveStarted(leaseId));
		}
	}

	void leaseRenewed(long leaseId, long ttlSeconds) {
		if (enabled()) {
			emit((l) -> l.leaseRenewed(leaseId, ttlSeconds));
		}
	}

	void keepAliveFailed(long leaseId) {
		if (enabled()) {
			emit((l) -> l.keepAliveFailed(leaseId));
		}
	}

	void keepAliveEnded(long leaseId) {
		if (enabled()) {
			emit((l) -> l.keepAliveEnded(leaseId));
		}
	}

	void leaseLost(long leaseId, EtcdException reason) {
		if (enabled()) {
			emit((l) -> l.leaseLost(leaseId, reason));
		}
	}

	void clientClosed() {
		if (enabled()) {
			emit(EtcdClientListener::clientClosed);
		}
	}

	void authTokenRefreshed(@Nullable EtcdException error) {
		if (enabled()) {
			emit((l) -> l.authTokenRefreshed(error));
		}
	}

}
