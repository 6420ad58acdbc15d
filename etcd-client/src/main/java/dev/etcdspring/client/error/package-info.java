/**
 * The client's exceptions: all unchecked, all under
 * {@link dev.etcdspring.client.error.EtcdException}.
 *
 * <p>
 * Futures of the client fail with these exceptions (a {@code CompletableFuture} wraps
 * them in a {@link java.util.concurrent.CompletionException} on {@code join()}, an
 * {@link java.util.concurrent.ExecutionException} on {@code get()}). The cases the caller
 * must tell apart have distinct types:
 * <ul>
 * <li>the caller cancelled the future itself:
 * {@link java.util.concurrent.CancellationException};</li>
 * <li>the request's deadline passed:
 * {@link dev.etcdspring.client.error.RequestTimeoutException};</li>
 * <li>the client was closed before or during the call:
 * {@link dev.etcdspring.client.error.ClientClosedException};</li>
 * <li>no member could be reached, or none could serve the request now:
 * {@link dev.etcdspring.client.error.UnavailableException} and its subclasses;</li>
 * <li>the server rejected the request: the other subclasses, one per server error a
 * caller handles differently, with the server's message and gRPC status kept.</li>
 * </ul>
 */
@NullMarked
package dev.etcdspring.client.error;

import org.jspecify.annotations.NullMarked;
