/**
 * The etcd health indicator.
 */
@NullMarked
package dev.etcdspring.boot.health;

import org.jspecify.annotations.NullMarked;
