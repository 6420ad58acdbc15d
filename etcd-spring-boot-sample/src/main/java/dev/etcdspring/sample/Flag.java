package dev.etcdspring.sample;

import org.jspecify.annotations.Nullable;

/**
 * A feature flag, stored in etcd as JSON under {@code flags/<name>}.
 *
 * @param enabled whether the feature is on
 * @param description what the flag is for, or {@code null}
 */
public record Flag(boolean enabled, @Nullable String description) {
}
