/**
 * Failure analyzers that turn etcd start-up errors into messages naming the property to
 * change.
 */
@NullMarked
package dev.etcdspring.boot.autoconfigure.diagnostics;

import org.jspecify.annotations.NullMarked;
