package dev.etcdspring.client.auth;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.ResponseHeader;

/**
 * Administers etcd's authentication: etcd's Auth service. Most calls need the
 * {@code root} role. Enabling auth needs a {@code root} user with the {@code root} role.
 *
 * <p>
 * Calls that change users, roles or permissions are not retried after they may have
 * reached a server; reads are. Futures complete on the client's callback executor.
 * Thread-safe; obtained from {@link dev.etcdspring.client.EtcdClient#auth()}.
 *
 * <p>
 * Cancelling a returned future cancels the call on the wire: its HTTP/2 stream is reset
 * and the server stops working on it (a write that already reached the server may still
 * be applied).
 */
public interface AuthClient {

	/**
	 * Turns authentication on.
	 * @return the response header
	 */
	CompletableFuture<ResponseHeader> enable();

	/**
	 * Turns authentication off.
	 * @return the response header
	 */
	CompletableFuture<ResponseHeader> disable();

	/**
	 * Whether authentication is on (etcd 3.5 and newer; 3.4 fails with an unimplemented
	 * error).
	 * @return whether it is enabled
	 */
	CompletableFuture<Boolean> isEnabled();

	/**
	 * Adds a user with a password.
	 * @param name the user name
	 * @param password the password
	 * @return the response header
	 */
	CompletableFuture<ResponseHeader> addUser(String name, String password);

	/**
	 * Adds a user that cannot log in with a password, only with a TLS client certificate
	 * whose common name is the user name.
	 * @param name the user name
	 * @return the response header
	 */
	CompletableFuture<ResponseHeader> addUserWithoutPassword(String name);

	/**
	 * Deletes a user.
	 * @param name the user name
	 * @return the response header
	 */
	CompletableFuture<ResponseHeader> deleteUser(String name);

	/**
	 * Sets a user's password.
	 * @param name the user name
	 * @param password the new password
	 * @return the response header
	 */
	CompletableFuture<ResponseHeader> changePassword(String name, String password);

	/**
	 * Gives a user a role.
	 * @param user the user name
	 * @param role the role name
	 * @return the response header
	 */
	CompletableFuture<ResponseHeader> grantRole(String user, String role);

	/**
	 * Takes a role from a user.
	 * @param user the user name
	 * @param role the role name
	 * @return the response header
	 */
	CompletableFuture<ResponseHeader> revokeRole(String user, String role);

	/**
	 * Every user.
	 * @return the user names
	 */
	CompletableFuture<List<String>> users();

	/**
	 * A user's roles.
	 * @param name the user name
	 * @return the role names
	 */
	CompletableFuture<List<String>> userRoles(String name);

	/**
	 * Adds a role.
	 * @param name the role name
	 * @return the response header
	 */
	CompletableFuture<ResponseHeader> addRole(String name);

	/**
	 * Deletes a role.
	 * @param name the role name
	 * @return the response header
	 */
	CompletableFuture<ResponseHeader> deleteRole(String name);

	/**
	 * Grants a role a permission on keys.
	 * @param role the role name
	 * @param permission what it may do, on which keys
	 * @return the response header
	 */
	CompletableFuture<ResponseHeader> grantPermission(String role, Permission permission);

	/**
	 * Revokes a role's permission on exactly these keys.
	 * @param role the role name
	 * @param range the keys of the permission to revoke
	 * @return the response header
	 */
	CompletableFuture<ResponseHeader> revokePermission(String role, KeyRange range);

	/**
	 * Every role.
	 * @return the role names
	 */
	CompletableFuture<List<String>> roles();

	/**
	 * A role's permissions.
	 * @param name the role name
	 * @return the permissions
	 */
	CompletableFuture<List<Permission>> rolePermissions(String name);

	/**
	 * A view of this client whose calls have another deadline (the client's request
	 * timeout by default).
	 * @param timeout the deadline of each call, retries included
	 * @return the view
	 */
	AuthClient withTimeout(Duration timeout);

}
