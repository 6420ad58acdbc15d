/**
 * Testcontainers service connection for etcd containers.
 */
@NullMarked
package dev.etcdspring.boot.testcontainers;

import org.jspecify.annotations.NullMarked;
