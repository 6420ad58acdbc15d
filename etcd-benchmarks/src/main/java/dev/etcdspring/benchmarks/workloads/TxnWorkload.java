package dev.etcdspring.benchmarks.workloads;

import java.util.concurrent.CompletableFuture;

import dev.etcdspring.benchmarks.clients.BenchClient;

/**
 * Compare-and-set: if the key's version is the one this workload last wrote, put the
 * value. The keys belong to one client alone and start absent (version 0); as no two
 * requests in flight share a key, every comparison should hold, and a failed one is
 * reported as unexpected.
 */
final class TxnWorkload implements Workload {

	private final byte[][] keys;

	private final byte[] value;

	/**
	 * The version each key has after the last successful transaction; guarded by key
	 * ownership.
	 */
	private final long[] versions;

	TxnWorkload(byte[][] keys, byte[] value) {
		this.keys = keys;
		this.value = value;
		this.versions = new long[keys.length];
	}

	@Override
	public CompletableFuture<Boolean> send(BenchClient client, int key) {
		long expected = this.versions[key];
		return client.putIfVersion(this.keys[key], expected, this.value).thenApply((succeeded) -> {
			if (succeeded) {
				this.versions[key] = expected + 1;
			}
			return succeeded;
		});
	}

}
