/**
 * Configuration from etcd: {@code spring.config.import=etcd:/config/} reads the
 * application's folders under a key prefix into the {@code Environment} at start-up and
 * keeps them live with one watch per prefix. See
 * {@link dev.etcdspring.boot.config.EtcdConfigDataLocationResolver} for the layout,
 * {@link dev.etcdspring.boot.config.EtcdConfigChangedEvent} for what a change publishes
 * and {@link dev.etcdspring.boot.config.EtcdRefreshable} for rebinding without Spring
 * Cloud.
 */
@NullMarked
package dev.etcdspring.boot.config;

import org.jspecify.annotations.NullMarked;
