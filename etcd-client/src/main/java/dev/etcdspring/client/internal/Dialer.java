package dev.etcdspring.client.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import dev.etcdspring.client.error.DialTimeoutException;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.error.TlsException;
import dev.etcdspring.client.internal.proto.MaintenanceGrpc;
import dev.etcdspring.client.internal.proto.RpcProto.StatusRequest;
import dev.etcdspring.client.internal.proto.RpcProto.StatusResponse;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

/**
 * What {@code build()} waits for: a ready member, then a token when the client has
 * credentials.
 *
 * <p>
 * The dial timeout is the time the endpoints get to answer, counted from the first
 * connection attempt. Before it, the client sets itself up (on a cold JVM that is class
 * loading and JIT, which a loaded machine can stretch to seconds); that time is not the
 * endpoints' fault, and is allowed up to {@link #allowance(Duration)} more. Once a member
 * has sent bytes it is alive, and the client gets the same allowance to finish the
 * handshake. When the wait ends without a ready member, the message says which of these
 * it was: the client did not start connecting, no TCP connection was made, connections
 * were made but no member sent anything, or a member answered and the client did not
 * complete the handshake. TLS failures end the wait at once.
 */
final class Dialer {

	/**
	 * The least time allowed for set-up before the first attempt, and for a handshake
	 * after an answer.
	 */
	static final Duration MIN_ALLOWANCE = Duration.ofSeconds(10);

	private final Channels channels;

	private final ClientConfig config;

	private final AuthTokens auth;

	Dialer(Channels channels, ClientConfig config, AuthTokens auth) {
		this.channels = channels;
		this.config = config;
		this.auth = auth;
	}

	/**
	 * How long set-up, or a handshake with a member that answered, may take beyond the
	 * dial timeout.
	 * @param timeout the dial timeout
	 * @return the allowance: the dial timeout, at least {@link #MIN_ALLOWANCE}
	 */
	static Duration allowance(Duration timeout) {
		return (timeout.compareTo(MIN_ALLOWANCE) > 0) ? timeout : MIN_ALLOWANCE;
	}

	/**
	 * When the wait for a ready member ends, given how far dialling got.
	 * @param stage how far dialling got
	 * @param startNanos when {@code build()} started waiting
	 * @param attemptNanos when the first attempt started (with a stage past NOT_STARTED)
	 * @param timeout the dial timeout
	 * @return the deadline, in {@link System#nanoTime()} terms
	 */
	static long deadline(DialProgress.Stage stage, long startNanos, long attemptNanos, Duration timeout) {
		long allowance = allowance(timeout).toNanos();
		return switch (stage) {
			case NOT_STARTED -> startNanos + timeout.toNanos() + allowance;
			case ATTEMPTED, CONNECTED -> Math.max(startNanos, attemptNanos) + timeout.toNanos();
			case ANSWERED -> Math.max(startNanos, attemptNanos) + timeout.toNanos() + allowance;
		};
	}

	/**
	 * Waits until a member is ready, then authenticates when the client has credentials.
	 * @param timeout the dial timeout
	 * @throws DialTimeoutException naming every endpoint and what was missing
	 * @throws TlsException when TLS failed with every endpoint
	 */
	void connect(Duration timeout) {
		long start = System.nanoTime();
		ManagedChannel channel = this.channels.main();
		CompletableFuture<Void> ready = new CompletableFuture<>();
		watchUntilReady(channel.getState(true), ready);
		DialProgress progress = this.channels.progress();
		while (true) {
			long deadline = deadline(progress.stage(), start, progress.attemptStartedNanos(), timeout);
			if (await(ready, deadline, "connecting")) {
				break;
			}
			if (channel.getState(false) == ConnectivityState.READY) {
				// ready, but the notification is late: the executor is busy
				break;
			}
			if (System.nanoTime() - deadline(progress.stage(), start, progress.attemptStartedNanos(), timeout) >= 0) {
				throw dialTimeout(timeout, progress.stage());
			}
			// more progress moved the deadline: wait on
		}
		if (this.auth.enabled()) {
			long deadline = System.nanoTime() + timeout.toNanos();
			if (!await(this.auth.refresh(null), deadline, "authenticating")) {
				throw new DialTimeoutException("Connected to etcd at " + endpointList() + ", but authenticating did "
						+ "not complete within the dial timeout of " + Errors.format(timeout)
						+ "; the member may be overloaded or without a leader", null, null, null);
			}
		}
	}

	/** Waits for a step; false when the deadline passed first. */
	private boolean await(CompletableFuture<?> step, long deadline, String what) {
		try {
			step.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw Errors.asEtcdException(cause, what + " to " + endpointList());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EtcdException("Interrupted while " + what + " to " + endpointList(), ex);
		}
	}

	private void watchUntilReady(ConnectivityState state, CompletableFuture<Void> ready) {
		ManagedChannel channel = this.channels.main();
		if (state == ConnectivityState.READY) {
			ready.complete(null);
		}
		else if (state == ConnectivityState.SHUTDOWN) {
			ready.completeExceptionally(new EtcdException("The channel shut down while connecting", null));
		}
		else if (!ready.isDone()) {
			if (state == ConnectivityState.TRANSIENT_FAILURE) {
				// every endpoint failed: when the reason is TLS, waiting longer will not
				// help
				probe().whenComplete((status, error) -> {
					TlsException tls = (status != null) ? Tls.explain(status, endpointList(), this.config.secure())
							: null;
					if (tls != null) {
						ready.completeExceptionally(tls);
					}
				});
			}
			channel.notifyWhenStateChanged(state, () -> watchUntilReady(channel.getState(false), ready));
		}
	}

	private DialTimeoutException dialTimeout(Duration timeout, DialProgress.Stage stage) {
		ConnectivityState state = this.channels.main().getState(false);
		String reason;
		Throwable cause = null;
		if (state == ConnectivityState.TRANSIENT_FAILURE) {
			// a fail-fast call reports the load balancer's last connection error
			Status status = probe().join();
			cause = status.getCause();
			TlsException tls = Tls.explain(status, endpointList(), this.config.secure(), true);
			if (tls != null) {
				throw tls;
			}
			reason = "last error: " + status.getCode() + ": " + status.getDescription()
					+ ((cause != null) ? " (" + cause.getMessage() + ")" : "");
		}
		else {
			reason = explain(stage, timeout);
		}
		String counted = (stage == DialProgress.Stage.NOT_STARTED) ? "" : " of the first connection attempt";
		return new DialTimeoutException("Could not connect to any etcd endpoint of " + endpointList() + " within "
				+ Errors.format(timeout) + counted + "; " + reason, null, null, cause);
	}

	/**
	 * Why no member was ready, when no connection error explains it.
	 * @param stage how far dialling got
	 * @param timeout the dial timeout
	 * @return the explanation
	 */
	static String explain(DialProgress.Stage stage, Duration timeout) {
		String allowance = Errors.format(allowance(timeout));
		return switch (stage) {
			case NOT_STARTED -> "the client did not even start connecting within a further " + allowance
					+ ": this JVM got too little CPU to set the connection up (a loaded machine, a CPU limit, or a "
					+ "cold start); the endpoints were never tried";
			case ATTEMPTED -> "no TCP connection was established: packets to the endpoints are dropped (a firewall, "
					+ "a wrong address, or the hosts are down)";
			case CONNECTED -> "the endpoints accept TCP connections but sent nothing back: check that they are etcd "
					+ "client URLs (usually port 2379) and that the members are not stopped or overloaded";
			case ANSWERED -> "a member answered, but the client did not complete the handshake within a further "
					+ allowance + ": this JVM may be short of CPU, or the member overloaded";
		};
	}

	/**
	 * A fail-fast call: in TRANSIENT_FAILURE it fails at once with the last connection
	 * error.
	 */
	private CompletableFuture<Status> probe() {
		ClientCall<StatusRequest, StatusResponse> call = this.channels.main()
			.newCall(MaintenanceGrpc.getStatusMethod(), CallOptions.DEFAULT.withDeadlineAfter(1, TimeUnit.SECONDS));
		CompletableFuture<Status> result = new CompletableFuture<>();
		ClientCalls.asyncUnaryCall(call, StatusRequest.getDefaultInstance(), new StreamObserver<StatusResponse>() {
			@Override
			public void onNext(StatusResponse value) {
			}

			@Override
			public void onError(Throwable t) {
				result.complete(Status.fromThrowable(t));
			}

			@Override
			public void onCompleted() {
				result.complete(Status.OK);
			}
		});
		return result;
	}

	String endpointList() {
		return this.config.endpoints().stream().map(Endpoint::url).collect(Collectors.joining(", ", "[", "]"));
	}

}
