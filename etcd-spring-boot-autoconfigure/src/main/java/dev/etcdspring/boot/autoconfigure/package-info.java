/**
 * Auto-configuration of the etcd client:
 * {@link dev.etcdspring.boot.autoconfigure.EtcdProperties} ({@code etcd.*}),
 * {@link dev.etcdspring.boot.autoconfigure.EtcdConnectionDetails}, the {@code EtcdClient}
 * bean, and, with the {@code etcd-spring} library, the {@code EtcdTemplate} bean and
 * {@code @EtcdWatch} listeners.
 */
@NullMarked
package dev.etcdspring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
