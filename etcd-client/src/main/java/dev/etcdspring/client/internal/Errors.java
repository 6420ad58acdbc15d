package dev.etcdspring.client.internal;

import java.time.Duration;
import java.util.Map;

import dev.etcdspring.client.error.AuthFailedException;
import dev.etcdspring.client.error.AuthNotEnabledException;
import dev.etcdspring.client.error.ClientClosedException;
import dev.etcdspring.client.error.CompactedException;
import dev.etcdspring.client.error.DuplicateKeyException;
import dev.etcdspring.client.error.EmptyKeyException;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.error.FutureRevisionException;
import dev.etcdspring.client.error.InvalidAuthTokenException;
import dev.etcdspring.client.error.InvalidRequestException;
import dev.etcdspring.client.error.LeaseNotFoundException;
import dev.etcdspring.client.error.LeaseTtlTooLargeException;
import dev.etcdspring.client.error.NoLeaderException;
import dev.etcdspring.client.error.NoSpaceException;
import dev.etcdspring.client.error.NotLeaderException;
import dev.etcdspring.client.error.PermissionDeniedException;
import dev.etcdspring.client.error.RequestTimeoutException;
import dev.etcdspring.client.error.RequestTooLargeException;
import dev.etcdspring.client.error.TooManyRequestsException;
import dev.etcdspring.client.error.TooManyTxnOpsException;
import dev.etcdspring.client.error.UnavailableException;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * Turns a failed call's gRPC status into the client's exception. etcd reuses status codes
 * for different errors (INVALID_ARGUMENT covers an empty key and a stale auth revision),
 * so, as the Go client does, the server's message text decides; the code is the fallback.
 */
final class Errors {

	/** Makes the exception for one known server message. */
	private interface Factory {

		EtcdException create(String message, String code, String serverMessage, Throwable cause);

	}

	private static final Map<String, Known> KNOWN = Map.ofEntries(
			known("etcdserver: key is not provided", EmptyKeyException::new,
					"The key is empty: every etcd key needs at least one byte (to address all keys, use a prefix "
							+ "or a range)"),
			known("etcdserver: request is too large", RequestTooLargeException::new,
					"The request is larger than the server accepts (--max-request-bytes, 1.5 MiB by default): "
							+ "split the value or the transaction, or raise the server's limit"),
			known("etcdserver: too many operations in txn request", TooManyTxnOpsException::new,
					"The transaction has more operations than the server allows (--max-txn-ops, 128 by "
							+ "default): split it, or raise the server's limit"),
			known("etcdserver: duplicate key given in txn request", DuplicateKeyException::new,
					"The transaction writes or deletes the same key twice, which etcd forbids: keep one "
							+ "operation per key"),
			known("etcdserver: mvcc: required revision is a future revision", FutureRevisionException::new,
					"The requested revision is newer than the store's current revision"),
			known("etcdserver: too large lease TTL", LeaseTtlTooLargeException::new,
					"The lease TTL is larger than the server allows: ask for a shorter TTL"),
			known("etcdserver: requested lease not found", LeaseNotFoundException::new,
					"The lease does not exist: it expired, was revoked, or never existed; grant a new one"),
			known("etcdserver: permission denied", PermissionDeniedException::new,
					"Permission denied: the user's roles do not allow this operation on this key or range; "
							+ "grant a role the permission (etcdctl role grant-permission)"),
			known("etcdserver: invalid auth token", InvalidAuthTokenException::new,
					"The server rejected the auth token (it expired, or the member restarted) and "
							+ "re-authenticating did not help"),
			known("etcdserver: revision of auth store is old", InvalidAuthTokenException::new,
					"The auth token predates a change of users or roles and re-authenticating did not help"),
			known("etcdserver: authentication failed, invalid user ID or password", AuthFailedException::new,
					"Authentication failed: the user name or password is wrong"),
			known("etcdserver: authentication is not enabled", AuthNotEnabledException::new,
					"Authentication is not enabled on the server"),
			known("etcdserver: user name is empty", InvalidRequestException::new, "The user name is empty"),
			known("etcdserver: no leader", NoLeaderException::new,
					"The etcd member has no leader: the cluster lost its quorum or an election is under way; "
							+ "retry later, and check that a majority of members is running"),
			known("etcdserver: not leader", NotLeaderException::new,
					"The member asked is not the leader, and this operation must go to the leader"),
			known("etcdserver: leader changed", UnavailableException::new,
					"The leader changed while the request was in flight; whether a write was applied is unknown"),
			known("etcdserver: server stopped", UnavailableException::new, "The etcd member is stopping"),
			known("etcdserver: rpc not supported for learner", UnavailableException::new,
					"The member asked is a learner, which serves no client requests"),
			known("election: not leader", NotLeaderException::new,
					"This campaign is not (or no longer) the election's leader: its session ended or it resigned"),
			known("etcdserver: mvcc: database space exceeded", NoSpaceException::new,
					"etcd's database is full (--quota-backend-bytes reached, NOSPACE alarm raised): compact "
							+ "and defragment, then disarm the alarm"),
			known("etcdserver: too many requests", TooManyRequestsException::new,
					"The etcd server is overloaded and refused the request: slow down and retry"));

	private record Known(Factory factory, String advice) {
	}

	private static Map.Entry<String, Known> known(String serverMessage, Factory factory, String advice) {
		return Map.entry(serverMessage, new Known(factory, advice));
	}

	private Errors() {
	}

	/**
	 * The status as the client treats it: grpc-netty reports a request written onto a
	 * connection that is closing (a member restarting under the call) as
	 * {@code UNKNOWN: channel closed}, and a member shutting down answers with
	 * {@code UNKNOWN: raft: stopped}; both are unavailability, so they become
	 * {@code UNAVAILABLE}, with the original status as the cause.
	 * @param status a call's final status
	 * @return the status to act on
	 */
	static Status normalize(Status status) {
		if (status.getCode() != Status.Code.UNKNOWN) {
			return status;
		}
		if ("channel closed".equals(status.getDescription())
				|| status.getCause() instanceof java.nio.channels.ClosedChannelException) {
			return Status.UNAVAILABLE
				.withDescription("the connection to the member closed under the call (" + status.getDescription() + ")")
				.withCause(status.asRuntimeException());
		}
		if ("raft: stopped".equals(status.getDescription())) {
			// a member shutting down answers a request it can no longer apply with raft's
			// own error
			return Status.UNAVAILABLE.withDescription("the member is stopping (raft: stopped)")
				.withCause(status.asRuntimeException());
		}
		return status;
	}

	/**
	 * Whether the status says the request may be sent again to another member without
	 * harm, for a request that is safe to repeat.
	 * @param status the failed call's status
	 * @return whether to retry a repeatable call
	 */
	static boolean isRetryableForRepeatable(Status status) {
		return status.getCode() == Status.Code.UNAVAILABLE
				|| "etcdserver: rpc not supported for learner".equals(status.getDescription());
	}

	/**
	 * The exception for a failed call.
	 * @param status the final status
	 * @param operation the RPC, such as {@code KV.Range}
	 * @param timeout the call's deadline
	 * @param attempts how many attempts were made
	 * @return the exception, with the status as its cause
	 */
	static EtcdException toException(Status status, String operation, Duration timeout, int attempts) {
		String code = status.getCode().name();
		String description = (status.getDescription() != null) ? status.getDescription() : "";
		Throwable cause = status.asRuntimeException();
		String retried = (attempts > 1) ? " (after " + attempts + " attempts)" : "";
		Known known = KNOWN.get(description);
		if (known != null) {
			return known.factory()
				.create(known.advice() + retried + " [" + operation + ": " + description + "]", code, description,
						cause);
		}
		if (description.startsWith("etcdserver: mvcc: required revision has been compacted")) {
			return new CompactedException(
					"The requested revision has been compacted: read the current state "
							+ "and continue from its revision [" + operation + ": " + description + "]",
					0, code, description, cause);
		}
		if (description.startsWith("etcdserver: request timed out")) {
			return new UnavailableException("The etcd member timed out processing the request (the cluster is "
					+ "slow or lost its leader); whether a write was applied is unknown" + retried + " [" + operation
					+ ": " + description + "]", code, description, cause);
		}
		switch (status.getCode()) {
			case DEADLINE_EXCEEDED:
				return new RequestTimeoutException(operation + " got no answer within " + format(timeout)
						+ (description.contains("waiting_for_connection") ? ": no etcd member was reachable" : "")
						+ retried + "; whether a write was applied is unknown [" + description + "]", code, description,
						cause);
			case UNAVAILABLE:
				return new UnavailableException(
						"No etcd member could serve " + operation + retried + ": " + description, code, description,
						cause);
			case RESOURCE_EXHAUSTED:
				if (description.contains("larger than max") || description.contains("exceeds maximum")) {
					boolean response = description.contains("exceeds maximum");
					return response
							? new EtcdException("The response of " + operation + " is larger than the client's "
									+ "maximum inbound message size: read fewer keys at once (a limit or a smaller "
									+ "range) or raise maxInboundMessageSize [" + description + "]", code, description,
									cause)
							: new RequestTooLargeException("The request is larger than the server's gRPC message "
									+ "limit (--max-request-bytes plus overhead): split the value or the transaction ["
									+ operation + ": " + description + "]", code, description, cause);
				}
				return new EtcdException(operation + " failed: " + description, code, description, cause);
			case PERMISSION_DENIED:
				return new PermissionDeniedException(operation + " was denied: " + description, code, description,
						cause);
			case UNAUTHENTICATED:
				return new InvalidAuthTokenException(operation + " was not authenticated: " + description, code,
						description, cause);
			default:
				return new EtcdException(
						operation + " failed with " + code + (description.isEmpty() ? "" : ": ") + description, code,
						description, cause);
		}
	}

	/**
	 * The exception for a call cut short by the client's close.
	 * @param operation the RPC
	 * @param cause the status or error that ended the call, or {@code null}
	 * @return the exception
	 */
	static ClientClosedException closed(String operation, @Nullable Throwable cause) {
		return new ClientClosedException("The etcd client is closed (or closing): " + operation
				+ " was not completed. Create a new client to continue", cause);
	}

	/**
	 * The error a future failed with, without the {@code CompletionException} around it.
	 * @param error what the future reported
	 * @return the underlying error
	 */
	static Throwable unwrap(Throwable error) {
		return (error instanceof java.util.concurrent.CompletionException && error.getCause() != null)
				? error.getCause() : error;
	}

	/**
	 * The error a future failed with, as an {@link EtcdException}.
	 * @param error what the future reported
	 * @param what what failed, for errors that are not the client's own
	 * @return the exception
	 */
	static EtcdException asEtcdException(Throwable error, String what) {
		Throwable cause = unwrap(error);
		return (cause instanceof EtcdException etcd) ? etcd : new EtcdException(what + " failed", cause);
	}

	/**
	 * A watch cancel reason without the gRPC wrapping some servers add
	 * ({@code rpc error: code = PermissionDenied desc = etcdserver: permission denied}).
	 * @param reason the reason as sent
	 * @return the server's own message
	 */
	static String unwrapReason(String reason) {
		int desc = reason.indexOf(" desc = ");
		return (reason.startsWith("rpc error: ") && desc >= 0) ? reason.substring(desc + " desc = ".length()) : reason;
	}

	static String format(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + " s" : millis + " ms";
	}

}
