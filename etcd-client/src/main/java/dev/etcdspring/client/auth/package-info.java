/**
 * Administration of etcd's authentication: enabling it, users, roles and their key
 * permissions.
 */
@NullMarked
package dev.etcdspring.client.auth;

import org.jspecify.annotations.NullMarked;
