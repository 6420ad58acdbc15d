/**
 * Auto-configuration of the etcd client: {@link dev.etcdspring.boot.autoconfigure.EtcdProperties}
 * ({@code etcd.*}), {@link dev.etcdspring.boot.autoconfigure.EtcdConnectionDetails}, the
 * {@code EtcdClient} and {@code EtcdTemplate} beans, and failure analyzers for start-up errors.
 */
@NullMarked
package dev.etcdspring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
