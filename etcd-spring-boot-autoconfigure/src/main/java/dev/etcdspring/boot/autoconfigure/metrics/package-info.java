/**
 * Auto-configuration of Micrometer metrics and observations for the etcd client and the
 * {@code @EtcdWatch} listeners.
 */
@NullMarked
package dev.etcdspring.boot.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
