/**
 * Leases: {@link dev.etcdspring.client.lease.LeaseClient} grants, revokes and keeps alive
 * leases, and makes {@link dev.etcdspring.client.lease.Session}s, the kept-alive leases
 * that locks and elections hold.
 */
@NullMarked
package dev.etcdspring.client.lease;

import org.jspecify.annotations.NullMarked;
