/**
 * Docker Compose service connection for etcd services.
 */
@NullMarked
package dev.etcdspring.boot.docker.compose;

import org.jspecify.annotations.NullMarked;
