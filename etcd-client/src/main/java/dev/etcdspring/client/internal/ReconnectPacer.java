package dev.etcdspring.client.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;

/**
 * gRPC waits 1 s, growing to 2 min, between attempts to reach a member that is down.
 * While no member is reachable (TRANSIENT_FAILURE) that would leave watches and calls
 * waiting long after the cluster is back, so the pacer resets gRPC's backoff on its own
 * short schedule: 50 ms doubling to 250 ms, so a member that comes back is used within
 * about a quarter of a second. One pacer runs at a time; it stops when the channel leaves
 * TRANSIENT_FAILURE, and for good when the client closes.
 */
final class ReconnectPacer {

	private static final long[] DELAYS_MILLIS = { 50, 100, 200, 250 };

	private final ManagedChannel channel;

	private final ClientResources resources;

	private final AtomicInteger step = new AtomicInteger();

	private final AtomicBoolean pacing = new AtomicBoolean();

	private volatile boolean stopped;

	ReconnectPacer(ManagedChannel channel, ClientResources resources) {
		this.channel = channel;
		this.resources = resources;
	}

	/** Starts following the channel's state. */
	void start() {
		watch();
	}

	/** Stops for good. */
	void stop() {
		this.stopped = true;
	}

	private void watch() {
		if (this.stopped) {
			return;
		}
		ConnectivityState state = this.channel.getState(false);
		if (state == ConnectivityState.READY) {
			this.step.set(0);
		}
		else if (state == ConnectivityState.TRANSIENT_FAILURE && this.pacing.compareAndSet(false, true)) {
			schedulePace();
		}
		this.channel.notifyWhenStateChanged(state, this::watch);
	}

	private boolean failing() {
		return !this.stopped && this.channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE;
	}

	private void schedulePace() {
		int next = Math.min(this.step.getAndIncrement(), DELAYS_MILLIS.length - 1);
		this.resources.schedule(() -> {
			if (failing()) {
				this.channel.resetConnectBackoff();
				schedulePace();
			}
			else {
				this.pacing.set(false);
				// the state may have turned back while the flag was still set
				if (failing() && this.pacing.compareAndSet(false, true)) {
					schedulePace();
				}
			}
		}, TimeUnit.MILLISECONDS.toNanos(DELAYS_MILLIS[next]));
	}

}
