package dev.etcdspring.client.event;

/**
 * The long-lived gRPC streams a client keeps open and reopens after a break.
 */
public enum StreamKind {

	/**
	 * The Watch stream that carries every watch of the client (one more for
	 * require-leader watches).
	 */
	WATCH,

	/** The LeaseKeepAlive stream that renews every kept-alive lease of the client. */
	LEASE_KEEP_ALIVE,

	/** An Election Observe stream, one per leader observation. */
	OBSERVE

}
