/**
 * Coordination over etcd for Spring applications: a Spring Integration
 * {@link org.springframework.integration.support.locks.LockRegistry} of distributed locks
 * ({@link dev.etcdspring.coordination.EtcdLockRegistry}), leader election
 * ({@link dev.etcdspring.coordination.EtcdLeaderInitiator}) and a Spring Integration
 * {@link org.springframework.integration.metadata.ConcurrentMetadataStore}
 * ({@link dev.etcdspring.coordination.EtcdMetadataStore}).
 *
 * <p>
 * Spring Integration is optional: the lock registry and the metadata store implement its
 * interfaces and need it; the leader initiator works without it, publishing this
 * package's {@link dev.etcdspring.coordination.LeadershipEvent}s instead of Spring
 * Integration's {@code OnGrantedEvent} and {@code OnRevokedEvent}. No other package of
 * this library refers to Spring Integration.
 */
@NullMarked
package dev.etcdspring.coordination;

import org.jspecify.annotations.NullMarked;
