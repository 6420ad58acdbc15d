/**
 * Auto-configuration of the etcd health indicator.
 */
@NullMarked
package dev.etcdspring.boot.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
