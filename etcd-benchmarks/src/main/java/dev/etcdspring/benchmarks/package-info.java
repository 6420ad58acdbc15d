/**
 * A load driver that compares etcd clients against one local etcd server: our
 * {@code etcd-client}, raw grpc-java stubs over the same {@code .proto} files on
 * {@code directExecutor()} (the floor for any Java client) and on grpc-java's default executor, and
 * jetcd.
 *
 * <p>{@link dev.etcdspring.benchmarks.BenchmarkMain} coordinates: it starts etcd, forks one JVM per
 * client ({@link dev.etcdspring.benchmarks.WorkerMain}) and writes the report. Each worker runs
 * {@link dev.etcdspring.benchmarks.Workload}s through a
 * {@link dev.etcdspring.benchmarks.BenchClient} adapter with a fixed number of requests in flight,
 * and the other {@link dev.etcdspring.benchmarks.BenchPart}s: watch throughput, watch scale and
 * {@code EtcdTemplate} against the bare client in the workers, Spring Boot start-up in JVMs of its
 * own ({@link dev.etcdspring.benchmarks.StartupMain}).
 */
@NullMarked
package dev.etcdspring.benchmarks;

import org.jspecify.annotations.NullMarked;
