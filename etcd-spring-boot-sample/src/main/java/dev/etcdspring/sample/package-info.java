/**
 * The sample application: a feature-flag service backed by etcd through the starter. See
 * {@link dev.etcdspring.sample.SampleApplication}.
 */
@NullMarked
package dev.etcdspring.sample;

import org.jspecify.annotations.NullMarked;
