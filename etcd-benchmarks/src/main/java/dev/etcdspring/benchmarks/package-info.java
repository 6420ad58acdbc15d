/**
 * A load driver that compares etcd clients against one local etcd server: our
 * {@code etcd-client}, raw grpc-java stubs over the same {@code .proto} files on
 * {@code directExecutor()} (the floor for any Java client) and on grpc-java's default
 * executor, and jetcd.
 *
 * <p>
 * This package holds what a run is asked to do
 * ({@link dev.etcdspring.benchmarks.BenchOptions},
 * {@link dev.etcdspring.benchmarks.BenchPart}); the work is split by role:
 * <ul>
 * <li>{@code driver}: the coordinator, the worker and start-up JVMs, the schedule;</li>
 * <li>{@code clients}: one adapter per client behind one interface;</li>
 * <li>{@code workloads}: what a worker measures, and the result records it sends
 * back;</li>
 * <li>{@code report}: the results added up, as Markdown and JSON.</li>
 * </ul>
 * Dependencies run one way: {@code driver} → {@code report} → this package →
 * {@code workloads} → {@code clients}.
 */
@NullMarked
package dev.etcdspring.benchmarks;

import org.jspecify.annotations.NullMarked;
