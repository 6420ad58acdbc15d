/**
 * A load driver that compares etcd clients against one local etcd server: our
 * {@code etcd-client}, raw grpc-java stubs over the same {@code .proto} files (the floor for any
 * Java client), and jetcd.
 *
 * <p>{@link dev.etcdspring.benchmarks.BenchmarkMain} coordinates: it starts etcd, forks one JVM per
 * client ({@link dev.etcdspring.benchmarks.WorkerMain}) and writes the report. Each worker runs
 * {@link dev.etcdspring.benchmarks.Workload}s through a
 * {@link dev.etcdspring.benchmarks.BenchClient} adapter with a fixed number of requests in flight.
 */
@NullMarked
package dev.etcdspring.benchmarks;

import org.jspecify.annotations.NullMarked;
