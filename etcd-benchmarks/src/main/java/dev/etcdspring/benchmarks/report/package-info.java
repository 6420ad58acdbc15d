/**
 * The run's findings: {@link Report} holds the raw results and where they were measured
 * ({@link MachineInfo}), adds them up per client, and renders them as Markdown and JSON.
 * {@link Format} writes figures, for the reports and the progress log alike.
 */
@NullMarked
package dev.etcdspring.benchmarks.report;

import org.jspecify.annotations.NullMarked;
