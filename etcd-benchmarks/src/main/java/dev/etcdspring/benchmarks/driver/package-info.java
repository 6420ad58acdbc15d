/**
 * The processes: {@link BenchmarkMain} coordinates (etcd, the shared keys, the schedule,
 * the report files), forks one worker JVM per client ({@link WorkerMain}, driven over its
 * standard input and output) and the start-up JVMs ({@link StartupMain}).
 */
@NullMarked
package dev.etcdspring.benchmarks.driver;

import org.jspecify.annotations.NullMarked;
