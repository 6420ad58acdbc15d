/**
 * Cluster membership: listing, adding (also as learners), updating, promoting and
 * removing members.
 */
@NullMarked
package dev.etcdspring.client.cluster;

import org.jspecify.annotations.NullMarked;
