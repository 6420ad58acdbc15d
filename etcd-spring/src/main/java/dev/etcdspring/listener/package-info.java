/**
 * Listener containers for etcd watches: an
 * {@link dev.etcdspring.listener.EtcdWatchEndpoint} says what to watch and whom to tell,
 * an {@link dev.etcdspring.listener.EtcdWatchContainer} runs it (one watch, ordered
 * delivery, retries, error handling, resynchronisation after compaction), and the
 * {@link dev.etcdspring.listener.EtcdWatchRegistry} holds the containers of an
 * application by id and starts and stops them with it. {@code @EtcdWatch} methods become
 * endpoints through {@link dev.etcdspring.annotation}.
 */
@NullMarked
package dev.etcdspring.listener;

import org.jspecify.annotations.NullMarked;
