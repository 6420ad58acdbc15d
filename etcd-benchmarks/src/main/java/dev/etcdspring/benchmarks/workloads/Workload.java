package dev.etcdspring.benchmarks.workloads;

import java.util.concurrent.CompletableFuture;

import dev.etcdspring.benchmarks.clients.BenchClient;

/**
 * One kind of request a run sends over and over. The driver calls {@link #send} with key
 * indexes such that no two requests in flight share a key (each lane owns the indexes
 * congruent to its number), so a workload may keep per-key state without locks.
 *
 * <p>
 * A watch workload fits the same shape: send a put, complete when the event arrives.
 */
@FunctionalInterface
interface Workload {

	/**
	 * Sends one request.
	 * @param client the client
	 * @param key a key index, below the dataset's key count
	 * @return true when the answer is the expected one, false when it is valid but
	 * unexpected (a failed comparison, a missing key), exceptionally when the request
	 * failed
	 */
	CompletableFuture<Boolean> send(BenchClient client, int key);

}
