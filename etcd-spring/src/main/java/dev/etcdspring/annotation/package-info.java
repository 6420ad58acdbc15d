/**
 * Annotation-driven etcd listeners: {@link dev.etcdspring.annotation.EtcdWatch} on bean
 * methods, turned on by {@link dev.etcdspring.annotation.EnableEtcdWatch} (or Spring
 * Boot's auto-configuration), with the parameter annotations
 * {@link dev.etcdspring.annotation.EtcdKey}, {@link dev.etcdspring.annotation.EtcdValue},
 * {@link dev.etcdspring.annotation.EtcdPrevValue} and
 * {@link dev.etcdspring.annotation.EtcdRevision}. The methods become endpoints of the
 * {@link dev.etcdspring.listener.EtcdWatchRegistry}.
 */
@NullMarked
package dev.etcdspring.annotation;

import org.jspecify.annotations.NullMarked;
