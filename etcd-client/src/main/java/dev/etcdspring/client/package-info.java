/**
 * The etcd v3 client: {@link dev.etcdspring.client.EtcdClient} and the value types every
 * service shares ({@link dev.etcdspring.client.ByteSequence},
 * {@link dev.etcdspring.client.KeyRange}, {@link dev.etcdspring.client.KeyValue},
 * {@link dev.etcdspring.client.ResponseHeader}).
 */
@NullMarked
package dev.etcdspring.client;

import org.jspecify.annotations.NullMarked;
