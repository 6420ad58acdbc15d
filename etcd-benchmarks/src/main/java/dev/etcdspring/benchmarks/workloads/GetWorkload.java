package dev.etcdspring.benchmarks.workloads;

import java.util.concurrent.CompletableFuture;

import dev.etcdspring.benchmarks.clients.BenchClient;

/**
 * A get of one of the shared keys, serializable or linearizable; the answer is expected to hold a
 * value of the dataset's size.
 */
final class GetWorkload implements Workload {

	private final String name;

	private final byte[][] keys;

	private final boolean serializable;

	private final int valueSize;

	GetWorkload(String name, byte[][] keys, boolean serializable, int valueSize) {
		this.name = name;
		this.keys = keys;
		this.serializable = serializable;
		this.valueSize = valueSize;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public CompletableFuture<Boolean> send(BenchClient client, int key) {
		return client.get(this.keys[key], this.serializable).thenApply((size) -> size == this.valueSize);
	}

}
