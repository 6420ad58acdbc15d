/**
 * Distributed locks over etcd's Lock service, held with a
 * {@link dev.etcdspring.client.lease.Session}.
 */
@NullMarked
package dev.etcdspring.client.lock;

import org.jspecify.annotations.NullMarked;
