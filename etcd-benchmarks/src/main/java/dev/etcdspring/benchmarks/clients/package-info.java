/**
 * The clients under test, behind one small interface: {@link BenchClient} (the requests
 * the workloads send, and watches that deliver to a {@link WatchSink}), made by
 * {@link ClientKind}. Adapters: our {@code etcd-client}, raw grpc-java stubs on
 * {@code directExecutor()} (the floor) and on grpc-java's default executor
 * ({@link RawStubsBenchClient}, with {@link RawWatchStream}), and jetcd. Each adapter
 * uses its client through the client's public API, the way its users would.
 */
@NullMarked
package dev.etcdspring.benchmarks.clients;

import org.jspecify.annotations.NullMarked;
