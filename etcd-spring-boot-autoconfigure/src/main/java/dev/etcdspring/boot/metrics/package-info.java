/**
 * Micrometer metrics and observations of etcd clients: {@link EtcdClientInstrumentation}
 * puts Micrometer's gRPC interceptors and an {@link EtcdClientMetrics} listener on a
 * client's builder.
 */
@NullMarked
package dev.etcdspring.boot.metrics;

import org.jspecify.annotations.NullMarked;
