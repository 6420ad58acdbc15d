/**
 * What the client tells an {@link dev.etcdspring.client.event.EtcdClientListener} about
 * itself: watches, long-lived streams, leases, authentication, connections and its
 * callback pool. The hook that metrics libraries bind to, for what gRPC interceptors
 * cannot see.
 */
@NullMarked
package dev.etcdspring.client.event;

import org.jspecify.annotations.NullMarked;
