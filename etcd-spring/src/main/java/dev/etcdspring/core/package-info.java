/**
 * {@link dev.etcdspring.core.EtcdTemplate}: the synchronous, String-friendly etcd API for
 * application code, with typed values and Spring's {@code DataAccessException} family
 * ({@link dev.etcdspring.core.EtcdExceptionTranslator}).
 */
@NullMarked
package dev.etcdspring.core;

import org.jspecify.annotations.NullMarked;
