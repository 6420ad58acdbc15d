/**
 * What a worker JVM measures: the key-value {@link Workload}s over a {@link Dataset}, and
 * one run class per part (a window of requests, watch throughput, watch scale,
 * {@code EtcdTemplate} against the bare client), reached through {@link Measurements}.
 * Each run returns a result record of raw counters ({@link RunResult},
 * {@link WatchThroughputResult}, {@link WatchScaleResult}, {@link TemplateResult};
 * {@link StartupResult} for the start-up JVMs), which the coordinator adds up and
 * divides.
 */
@NullMarked
package dev.etcdspring.benchmarks.workloads;

import org.jspecify.annotations.NullMarked;
