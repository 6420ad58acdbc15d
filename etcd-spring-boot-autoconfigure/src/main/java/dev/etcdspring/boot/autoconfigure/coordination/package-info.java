/**
 * Auto-configuration of coordination over etcd: Spring Integration's lock registry and
 * metadata store when Spring Integration is present, and a leader initiator when enabled.
 */
@NullMarked
package dev.etcdspring.boot.autoconfigure.coordination;

import org.jspecify.annotations.NullMarked;
