/**
 * Leader election over etcd's Election service, campaigned with a
 * {@link dev.etcdspring.client.lease.Session}.
 */
@NullMarked
package dev.etcdspring.client.election;

import org.jspecify.annotations.NullMarked;
