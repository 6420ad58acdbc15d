package dev.etcdspring.boot.autoconfigure.diagnostics;

import dev.etcdspring.client.error.InvalidEndpointException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * The etcd endpoints are not usable: one is not a client URL, the list is empty, or it
 * mixes schemes.
 */
class EtcdEndpointFailureAnalyzer extends AbstractFailureAnalyzer<InvalidEndpointException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidEndpointException cause) {
		return new FailureAnalysis("etcd.endpoints is invalid: " + cause.getMessage(),
				"Set etcd.endpoints to client URLs such as http://127.0.0.1:2379 (or https:// for TLS), all with "
						+ "the same scheme.",
				cause);
	}

}
