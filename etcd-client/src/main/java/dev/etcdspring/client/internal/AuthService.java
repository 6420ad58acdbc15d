package dev.etcdspring.client.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.ResponseHeader;
import dev.etcdspring.client.auth.AuthClient;
import dev.etcdspring.client.auth.Permission;
import dev.etcdspring.client.internal.proto.AuthGrpc;
import dev.etcdspring.client.internal.proto.AuthStoreProto;
import dev.etcdspring.client.internal.proto.AuthStoreProto.UserAddOptions;
import dev.etcdspring.client.internal.proto.RpcProto.AuthDisableRequest;
import dev.etcdspring.client.internal.proto.RpcProto.AuthEnableRequest;
import dev.etcdspring.client.internal.proto.RpcProto.AuthRoleAddRequest;
import dev.etcdspring.client.internal.proto.RpcProto.AuthRoleDeleteRequest;
import dev.etcdspring.client.internal.proto.RpcProto.AuthRoleGetRequest;
import dev.etcdspring.client.internal.proto.RpcProto.AuthRoleGrantPermissionRequest;
import dev.etcdspring.client.internal.proto.RpcProto.AuthRoleListRequest;
import dev.etcdspring.client.internal.proto.RpcProto.AuthRoleRevokePermissionRequest;
import dev.etcdspring.client.internal.proto.RpcProto.AuthStatusRequest;
import dev.etcdspring.client.internal.proto.RpcProto.AuthUserAddRequest;
import dev.etcdspring.client.internal.proto.RpcProto.AuthUserChangePasswordRequest;
import dev.etcdspring.client.internal.proto.RpcProto.AuthUserDeleteRequest;
import dev.etcdspring.client.internal.proto.RpcProto.AuthUserGetRequest;
import dev.etcdspring.client.internal.proto.RpcProto.AuthUserGrantRoleRequest;
import dev.etcdspring.client.internal.proto.RpcProto.AuthUserListRequest;
import dev.etcdspring.client.internal.proto.RpcProto.AuthUserRevokeRoleRequest;

/**
 * {@link AuthClient}: changes are not repeatable, reads are. Permission keys honour the
 * namespace.
 */
final class AuthService implements AuthClient {

	private final Connection connection;

	private final Namespace namespace;

	private final Duration timeout;

	AuthService(Connection connection, Namespace namespace, Duration timeout) {
		this.connection = connection;
		this.namespace = namespace;
		this.timeout = timeout;
	}

	@Override
	public CompletableFuture<ResponseHeader> enable() {
		return this.connection.unary(AuthGrpc.getAuthEnableMethod(), AuthEnableRequest.getDefaultInstance(), false,
				this.timeout, (r) -> Namespace.header(r.getHeader()));
	}

	@Override
	public CompletableFuture<ResponseHeader> disable() {
		return this.connection.unary(AuthGrpc.getAuthDisableMethod(), AuthDisableRequest.getDefaultInstance(), false,
				this.timeout, (r) -> Namespace.header(r.getHeader()));
	}

	@Override
	public CompletableFuture<Boolean> isEnabled() {
		return this.connection.unary(AuthGrpc.getAuthStatusMethod(), AuthStatusRequest.getDefaultInstance(), true,
				this.timeout, (r) -> r.getEnabled());
	}

	@Override
	public CompletableFuture<ResponseHeader> addUser(String name, String password) {
		return this.connection.unary(AuthGrpc.getUserAddMethod(),
				AuthUserAddRequest.newBuilder().setName(name).setPassword(password).build(), false, this.timeout,
				(r) -> Namespace.header(r.getHeader()));
	}

	@Override
	public CompletableFuture<ResponseHeader> addUserWithoutPassword(String name) {
		return this.connection.unary(AuthGrpc.getUserAddMethod(),
				AuthUserAddRequest.newBuilder()
					.setName(name)
					.setOptions(UserAddOptions.newBuilder().setNoPassword(true))
					.build(),
				false, this.timeout, (r) -> Namespace.header(r.getHeader()));
	}

	@Override
	public CompletableFuture<ResponseHeader> deleteUser(String name) {
		return this.connection.unary(AuthGrpc.getUserDeleteMethod(),
				AuthUserDeleteRequest.newBuilder().setName(name).build(), false, this.timeout,
				(r) -> Namespace.header(r.getHeader()));
	}

	@Override
	public CompletableFuture<ResponseHeader> changePassword(String name, String password) {
		return this.connection.unary(AuthGrpc.getUserChangePasswordMethod(),
				AuthUserChangePasswordRequest.newBuilder().setName(name).setPassword(password).build(), false,
				this.timeout, (r) -> Namespace.header(r.getHeader()));
	}

	@Override
	public CompletableFuture<ResponseHeader> grantRole(String user, String role) {
		return this.connection.unary(AuthGrpc.getUserGrantRoleMethod(),
				AuthUserGrantRoleRequest.newBuilder().setUser(user).setRole(role).build(), false, this.timeout,
				(r) -> Namespace.header(r.getHeader()));
	}

	@Override
	public CompletableFuture<ResponseHeader> revokeRole(String user, String role) {
		return this.connection.unary(AuthGrpc.getUserRevokeRoleMethod(),
				AuthUserRevokeRoleRequest.newBuilder().setName(user).setRole(role).build(), false, this.timeout,
				(r) -> Namespace.header(r.getHeader()));
	}

	@Override
	public CompletableFuture<List<String>> users() {
		return this.connection.unary(AuthGrpc.getUserListMethod(), AuthUserListRequest.getDefaultInstance(), true,
				this.timeout, (r) -> List.copyOf(r.getUsersList()));
	}

	@Override
	public CompletableFuture<List<String>> userRoles(String name) {
		return this.connection.unary(AuthGrpc.getUserGetMethod(), AuthUserGetRequest.newBuilder().setName(name).build(),
				true, this.timeout, (r) -> List.copyOf(r.getRolesList()));
	}

	@Override
	public CompletableFuture<ResponseHeader> addRole(String name) {
		return this.connection.unary(AuthGrpc.getRoleAddMethod(), AuthRoleAddRequest.newBuilder().setName(name).build(),
				false, this.timeout, (r) -> Namespace.header(r.getHeader()));
	}

	@Override
	public CompletableFuture<ResponseHeader> deleteRole(String name) {
		return this.connection.unary(AuthGrpc.getRoleDeleteMethod(),
				AuthRoleDeleteRequest.newBuilder().setRole(name).build(), false, this.timeout,
				(r) -> Namespace.header(r.getHeader()));
	}

	@Override
	public CompletableFuture<ResponseHeader> grantPermission(String role, Permission permission) {
		Namespace.Bounds bounds = this.namespace.bounds(permission.range());
		var proto = AuthStoreProto.Permission.newBuilder()
			.setPermType(AuthStoreProto.Permission.Type.valueOf(permission.type().name()))
			.setKey(bounds.key())
			.setRangeEnd(bounds.end());
		return this.connection.unary(AuthGrpc.getRoleGrantPermissionMethod(),
				AuthRoleGrantPermissionRequest.newBuilder().setName(role).setPerm(proto).build(), false, this.timeout,
				(r) -> Namespace.header(r.getHeader()));
	}

	@Override
	public CompletableFuture<ResponseHeader> revokePermission(String role, KeyRange range) {
		Namespace.Bounds bounds = this.namespace.bounds(range);
		return this.connection.unary(AuthGrpc.getRoleRevokePermissionMethod(),
				AuthRoleRevokePermissionRequest.newBuilder()
					.setRole(role)
					.setKey(bounds.key())
					.setRangeEnd(bounds.end())
					.build(),
				false, this.timeout, (r) -> Namespace.header(r.getHeader()));
	}

	@Override
	public CompletableFuture<List<String>> roles() {
		return this.connection.unary(AuthGrpc.getRoleListMethod(), AuthRoleListRequest.getDefaultInstance(), true,
				this.timeout, (r) -> List.copyOf(r.getRolesList()));
	}

	@Override
	public CompletableFuture<List<Permission>> rolePermissions(String name) {
		return this.connection.unary(AuthGrpc.getRoleGetMethod(), AuthRoleGetRequest.newBuilder().setRole(name).build(),
				true, this.timeout,
				(r) -> r.getPermList()
					.stream()
					.map((p) -> new Permission(Permission.Type.valueOf(p.getPermType().name()),
							this.namespace.range(p.getKey(), p.getRangeEnd())))
					.toList());
	}

	@Override
	public AuthClient withTimeout(Duration timeout) {
		return new AuthService(this.connection, this.namespace, Durations.requirePositive("timeout", timeout));
	}

}
