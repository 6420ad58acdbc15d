package dev.etcdspring.boot.metrics;

import io.micrometer.core.instrument.binder.grpc.DefaultGrpcClientObservationConvention;
import io.micrometer.core.instrument.binder.grpc.GrpcClientObservationContext;

/**
 * How etcd calls are named in observations: {@value #NAME}, with Micrometer's gRPC
 * low-cardinality keys ({@code rpc.service}, {@code rpc.method}, {@code rpc.type},
 * {@code grpc.status_code}) plus the client's name ({@code client}); the request's key as
 * the high-cardinality {@code etcd.key} only with
 * {@code management.observations.etcd.include-key=true}. A span is named after the
 * method, such as {@code etcdserverpb.KV/Range}. Define a bean of this type (a subclass)
 * to replace it.
 */
public class EtcdClientObservationConvention extends DefaultGrpcClientObservationConvention {

	/** The observation's name. */
	public static final String NAME = "etcd.client.rpc";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(GrpcClientObservationContext context) {
		return context.getFullMethodName();
	}

}
