/**
 * Real etcd servers for tests: {@link dev.etcdspring.test.EtcdCluster} starts one member
 * or a cluster of local etcd processes on loopback, with free ports and temporary data
 * directories, and can stop, kill and restart members;
 * {@link dev.etcdspring.test.EtcdClusterExtension} hands a cluster to JUnit tests.
 */
@NullMarked
package dev.etcdspring.test;

import org.jspecify.annotations.NullMarked;
