/**
 * Value conversion between application objects and the bytes stored in etcd:
 * {@link dev.etcdspring.core.convert.EtcdValueConverter}, with text, bytes and simple
 * values ({@link dev.etcdspring.core.convert.DefaultEtcdValueConverter}) and JSON through
 * Jackson ({@link dev.etcdspring.core.convert.JacksonEtcdValueConverter}).
 */
@NullMarked
package dev.etcdspring.core.convert;

import org.jspecify.annotations.NullMarked;
