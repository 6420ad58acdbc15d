package dev.etcdspring.client.internal;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.etcdspring.client.error.AuthNotEnabledException;
import dev.etcdspring.client.internal.proto.AuthGrpc;
import dev.etcdspring.client.internal.proto.RpcProto.AuthenticateRequest;
import io.grpc.Metadata;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * The client's auth token: obtained with the user's credentials, sent with every call and
 * stream, and obtained again when the server rejects it. Concurrent refreshes for the
 * same stale token share one Authenticate call. Without credentials it does nothing. The
 * password never leaves this class except in the Authenticate request.
 */
final class AuthTokens {

	static final Metadata.Key<String> TOKEN = Metadata.Key.of("token", Metadata.ASCII_STRING_MARSHALLER);

	/** Server answers meaning "authenticate again and retry". */
	private static final Set<String> TOKEN_REJECTED = Set.of("etcdserver: invalid auth token",
			"etcdserver: revision of auth store is old", "etcdserver: user name is empty");

	private final Connection connection;

	private final @Nullable String username;

	private final @Nullable String password;

	private volatile @Nullable String token;

	private @Nullable CompletableFuture<Void> refreshing;

	AuthTokens(Connection connection, @Nullable String username, @Nullable String password) {
		this.connection = connection;
		this.username = username;
		this.password = password;
	}

	boolean enabled() {
		return this.username != null;
	}

	@Nullable String token() {
		return this.token;
	}

	void apply(Metadata headers) {
		String current = this.token;
		if (current != null) {
			headers.put(TOKEN, current);
		}
	}

	static boolean isTokenRejected(Status status) {
		return TOKEN_REJECTED.contains(status.getDescription());
	}

	/**
	 * Authenticates again, unless the token already changed since {@code stale} was used.
	 * A server without auth enabled leaves the client without a token.
	 * @param stale the token the failed call used ({@code null} for none)
	 * @return completes when a newer token is in place; fails with the authentication
	 * error
	 */
	CompletableFuture<Void> refresh(@Nullable String stale) {
		if (!enabled()) {
			return CompletableFuture.completedFuture(null);
		}
		synchronized (this) {
			if (!Objects.equals(this.token, stale)) {
				return CompletableFuture.completedFuture(null);
			}
			if (this.refreshing != null) {
				return this.refreshing;
			}
			AuthenticateRequest request = AuthenticateRequest.newBuilder()
				.setName(Objects.requireNonNull(this.username))
				.setPassword(Objects.requireNonNull(this.password))
				.build();
			CompletableFuture<Void> refresh = this.connection
				.unary(AuthGrpc.getAuthenticateMethod(), request, true, this.connection.config().requestTimeout(),
						(response) -> response.getToken())
				.handle((newToken, error) -> {
					synchronized (this) {
						this.refreshing = null;
						if (error == null) {
							this.token = newToken;
							this.connection.events().authTokenRefreshed(null);
							return null;
						}
						Throwable cause = Errors.unwrap(error);
						if (cause instanceof AuthNotEnabledException) {
							this.token = null;
							return null;
						}
						this.connection.events().authTokenRefreshed(Errors.asEtcdException(cause, "Authenticating"));
						throw (cause instanceof RuntimeException runtime) ? runtime : new CompletionException(cause);
					}
				});
			// a refresh that completed synchronously must not be remembered as in flight
			if (!refresh.isDone()) {
				this.refreshing = refresh;
			}
			return refresh;
		}
	}

	@Override
	public String toString() {
		return "AuthTokens[user=" + this.username + ((this.token != null) ? ", authenticated" : "") + "]";
	}

}
