package dev.etcdspring.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.client.kv.Compare;
import dev.etcdspring.client.kv.DeleteOp;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.client.kv.KvClient;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.client.kv.TxnResult;
import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** One client shared by 32 threads doing mixed operations; every result is checked. */
class ConcurrencyTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	private static final int THREADS = 32;

	private static final int ROUNDS = 40;

	@Test
	void thirtyTwoThreadsShareOneClient() throws Exception {
		String p = TestKeys.unique("concurrency");
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try (EtcdClient client = EtcdClient.builder().endpoints(etcd.endpoints()).build()) {
			KvClient kv = client.kv();
			List<Future<Integer>> workers = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				String mine = p + t + "/";
				workers.add(pool.submit(() -> work(kv, mine)));
			}
			int checked = 0;
			for (Future<Integer> worker : workers) {
				checked += worker.get(5, TimeUnit.MINUTES);
			}
			assertThat(checked).isEqualTo(THREADS * ROUNDS * 6);
			assertThat(kv.get(GetOp.prefix(p).withCountOnly()).join().count()).isEqualTo(THREADS);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static int work(KvClient kv, String prefix) {
		int checked = 0;
		for (int i = 0; i < ROUNDS; i++) {
			String key = prefix + "k" + i;
			String value = "v" + i;
			long revision = kv.put(key, value).join().header().revision();
			assertThat(revision).isPositive();
			checked++;
			assertThat(kv.get(key).join().first().orElseThrow().valueAsString()).isEqualTo(value);
			checked++;
			TxnResult swapped = kv.txn()
				.when(Compare.value(key).equal(value))
				.then(PutOp.of(key, value + "+"))
				.commit()
				.join();
			assertThat(swapped.succeeded()).isTrue();
			checked++;
			TxnResult refused = kv.txn()
				.when(Compare.value(key).equal(value))
				.then(PutOp.of(key, "never"))
				.commit()
				.join();
			assertThat(refused.succeeded()).isFalse();
			checked++;
			assertThat(kv.get(key).join().first().orElseThrow().valueAsString()).isEqualTo(value + "+");
			checked++;
			if (i > 0) {
				String previous = prefix + "k" + (i - 1);
				assertThat(kv.delete(DeleteOp.key(previous).withPrevKv()).join().prevKvs()).singleElement()
					.satisfies((deleted) -> assertThat(deleted.keyAsString()).isEqualTo(previous));
			}
			checked++;
		}
		return checked;
	}

	@Test
	void callbacksThatBlockOnTheSameClientDoNotStarveIt() throws Exception {
		// callbacks at once, each blocking on another call of the client: more than the
		// callback
		// pool's base workers (one per core, at least two), so the pool has to add
		// workers for the
		// inner calls to complete
		String p = TestKeys.unique("blocking-callbacks");
		try (EtcdClient client = EtcdClient.builder().endpoints(etcd.endpoints()).build()) {
			KvClient kv = client.kv();
			List<java.util.concurrent.CompletableFuture<String>> outer = new ArrayList<>();
			int callbacks = 2 * Math.max(2, Runtime.getRuntime().availableProcessors()) + 2;
			for (int i = 0; i < callbacks; i++) {
				String key = p + i;
				outer.add(kv.put(key, "v" + i)
					.thenApply((put) -> kv.get(key).join().first().orElseThrow().valueAsString()));
			}
			for (int i = 0; i < callbacks; i++) {
				assertThat(outer.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("v" + i);
			}
		}
	}

}
