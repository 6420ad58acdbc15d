/**
 * The client's implementation. Not an API: anything here may change in any release.
 */
@NullMarked
package dev.etcdspring.client.internal;

import org.jspecify.annotations.NullMarked;
