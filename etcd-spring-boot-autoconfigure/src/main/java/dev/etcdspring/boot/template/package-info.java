/**
 * {@link dev.etcdspring.boot.template.EtcdTemplate}: the synchronous, String-friendly etcd API for
 * application code, with typed values and Spring's {@code DataAccessException} family.
 */
@NullMarked
package dev.etcdspring.boot.template;

import org.jspecify.annotations.NullMarked;
