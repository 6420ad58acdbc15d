/**
 * Watches: {@link dev.etcdspring.client.watch.WatchClient} streams changes of keys to a
 * {@link dev.etcdspring.client.watch.WatchListener}, without losing or repeating an event
 * across reconnects.
 */
@NullMarked
package dev.etcdspring.client.watch;

import org.jspecify.annotations.NullMarked;
