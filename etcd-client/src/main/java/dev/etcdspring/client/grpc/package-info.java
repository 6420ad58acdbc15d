/**
 * The advanced extension point for gRPC:
 * {@link dev.etcdspring.client.grpc.GrpcInterceptors}, the only public type of the client
 * whose signatures name {@code io.grpc} types. For instrumenting the client's channel
 * with the gRPC ecosystem's interceptors (Micrometer, OpenTelemetry, Spring gRPC).
 */
@NullMarked
package dev.etcdspring.client.grpc;

import org.jspecify.annotations.NullMarked;
