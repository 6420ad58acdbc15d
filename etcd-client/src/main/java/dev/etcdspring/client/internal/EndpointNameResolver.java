package dev.etcdspring.client.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.StatusOr;
import io.grpc.SynchronizationContext;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the client's endpoint list for its one channel: one address group per endpoint
 * (so {@code round_robin} spreads calls over members), each carrying its own authority so
 * TLS checks every member's certificate against that member's host name. Host names are
 * resolved off the channel's threads. {@link #update(List)} swaps the list without
 * dropping connections to members that stay.
 */
final class EndpointNameResolver extends NameResolver {

	static final String SCHEME = "etcd";

	private static final System.Logger log = System.getLogger(EndpointNameResolver.class.getName());

	private final String authority;

	private final Executor offloadExecutor;

	private final SynchronizationContext syncContext;

	private volatile List<Endpoint> endpoints;

	/**
	 * The endpoint each resolved address belongs to, for reporting connections by
	 * endpoint.
	 */
	private volatile Map<SocketAddress, Endpoint> owners = Map.of();

	private @Nullable Listener2 listener;

	private final boolean perEndpointAuthority;

	private EndpointNameResolver(List<Endpoint> endpoints, boolean perEndpointAuthority, Args args) {
		this.endpoints = List.copyOf(endpoints);
		this.perEndpointAuthority = perEndpointAuthority;
		this.authority = endpoints.get(0).authority();
		this.offloadExecutor = args.getOffloadExecutor();
		this.syncContext = args.getSynchronizationContext();
	}

	@Override
	public String getServiceAuthority() {
		return this.authority;
	}

	@Override
	public void start(Listener2 listener) {
		this.listener = listener;
		resolve();
	}

	@Override
	public void refresh() {
		resolve();
	}

	/**
	 * Replaces the endpoint list; members in both lists keep their connections.
	 * @param newEndpoints the new list, not empty
	 */
	void update(List<Endpoint> newEndpoints) {
		this.endpoints = List.copyOf(newEndpoints);
		this.syncContext.execute(this::resolve);
	}

	List<Endpoint> endpoints() {
		return this.endpoints;
	}

	/**
	 * The endpoint an address was resolved from.
	 * @param address a connection's remote address
	 * @return the endpoint, or {@code null} when the address is not (or no longer) one of
	 * them
	 */
	@Nullable Endpoint owner(SocketAddress address) {
		return this.owners.get(address);
	}

	private void resolve() {
		List<Endpoint> snapshot = this.endpoints;
		this.offloadExecutor.execute(() -> {
			List<EquivalentAddressGroup> groups = new ArrayList<>();
			List<String> failures = new ArrayList<>();
			Map<SocketAddress, Endpoint> resolved = new HashMap<>();
			for (Endpoint endpoint : snapshot) {
				try {
					List<SocketAddress> addresses = new ArrayList<>();
					for (InetAddress address : InetAddress.getAllByName(endpoint.host())) {
						InetSocketAddress socketAddress = new InetSocketAddress(address, endpoint.port());
						addresses.add(socketAddress);
						resolved.putIfAbsent(socketAddress, endpoint);
					}
					groups.add(new EquivalentAddressGroup(addresses,
							this.perEndpointAuthority ? Attributes.newBuilder()
								.set(EquivalentAddressGroup.ATTR_AUTHORITY_OVERRIDE, endpoint.authority())
								.build() : Attributes.EMPTY));
				}
				catch (UnknownHostException ex) {
					failures.add(endpoint.url() + " (unknown host)");
					log.log(System.Logger.Level.WARNING, "Cannot resolve etcd endpoint " + endpoint.url());
				}
			}
			this.owners = Map.copyOf(resolved);
			this.syncContext.execute(() -> deliver(groups, failures));
		});
	}

	private void deliver(List<EquivalentAddressGroup> groups, List<String> failures) {
		Listener2 current = this.listener;
		if (current == null) {
			return;
		}
		if (groups.isEmpty()) {
			Status error = Status.UNAVAILABLE.withDescription("Cannot resolve any etcd endpoint: " + failures);
			current.onResult2(ResolutionResult.newBuilder().setAddressesOrError(StatusOr.fromStatus(error)).build());
			return;
		}
		current.onResult2(ResolutionResult.newBuilder().setAddressesOrError(StatusOr.fromValue(groups)).build());
	}

	@Override
	public void shutdown() {
		this.listener = null;
	}

	/** Creates the one resolver of one channel. */
	static final class Factory extends NameResolver.Factory {

		private final List<Endpoint> endpoints;

		private final boolean perEndpointAuthority;

		private volatile @Nullable EndpointNameResolver resolver;

		Factory(List<Endpoint> endpoints, boolean perEndpointAuthority) {
			this.endpoints = List.copyOf(endpoints);
			this.perEndpointAuthority = perEndpointAuthority;
		}

		@Override
		public @Nullable NameResolver newNameResolver(URI targetUri, Args args) {
			if (!SCHEME.equals(targetUri.getScheme())) {
				return null;
			}
			EndpointNameResolver created = new EndpointNameResolver(this.endpoints, this.perEndpointAuthority, args);
			this.resolver = created;
			return created;
		}

		@Override
		public String getDefaultScheme() {
			return SCHEME;
		}

		@Nullable EndpointNameResolver resolver() {
			return this.resolver;
		}

	}

}
