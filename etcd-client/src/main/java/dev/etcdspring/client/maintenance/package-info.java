/**
 * Maintenance: member status, alarms, defragmentation, hashes, leadership transfer and
 * snapshots.
 */
@NullMarked
package dev.etcdspring.client.maintenance;

import org.jspecify.annotations.NullMarked;
