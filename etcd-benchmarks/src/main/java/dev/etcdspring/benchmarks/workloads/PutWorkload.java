package dev.etcdspring.benchmarks.workloads;

import java.util.concurrent.CompletableFuture;

import dev.etcdspring.benchmarks.clients.BenchClient;

/**
 * A put of the same value to one of the shared keys.
 */
final class PutWorkload implements Workload {

	private final String name;

	private final byte[][] keys;

	private final byte[] value;

	PutWorkload(String name, byte[][] keys, byte[] value) {
		this.name = name;
		this.keys = keys;
		this.value = value;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public CompletableFuture<Boolean> send(BenchClient client, int key) {
		return client.put(this.keys[key], this.value).thenApply((response) -> true);
	}

}
