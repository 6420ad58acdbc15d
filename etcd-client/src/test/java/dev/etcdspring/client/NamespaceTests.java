package dev.etcdspring.client;

import java.time.Duration;
import java.util.List;

import dev.etcdspring.client.error.EmptyKeyException;
import dev.etcdspring.client.kv.Compare;
import dev.etcdspring.client.kv.DeleteOp;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.client.kv.GetResult;
import dev.etcdspring.client.kv.KvClient;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.client.kv.PutResult;
import dev.etcdspring.client.kv.TxnResult;
import dev.etcdspring.test.EtcdClusterExtension;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The namespace is added to every key sent and removed from every key received, and no
 * range leaves it.
 */
class NamespaceTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	private static List<String> keys(GetResult result) {
		return result.kvs().stream().map(KeyValue::keyAsString).toList();
	}

	@Test
	void everyOperationStaysInsideTheNamespace() {
		String ns = TestKeys.unique("namespace");
		try (EtcdClient raw = EtcdClient.builder().endpoints(etcd.endpoints()).build();
				EtcdClient scoped = EtcdClient.builder().endpoints(etcd.endpoints()).namespace(ns).build()) {
			KvClient kv = scoped.kv();
			// neighbours just outside the namespace, on both sides
			raw.kv().put(ns.substring(0, ns.length() - 1), "before").join();
			raw.kv().put(ns.substring(0, ns.length() - 1) + "0", "after").join();

			kv.put("a", "1").join();
			kv.put("b/1", "2").join();
			assertThat(raw.kv().get(ns + "a").join().first().orElseThrow().valueAsString()).isEqualTo("1");
			assertThat(kv.get("a").join().first().orElseThrow().keyAsString()).isEqualTo("a");

			assertThat(keys(kv.get(GetOp.of(KeyRange.all())).join())).containsExactly("a", "b/1");
			assertThat(keys(kv.get(GetOp.of(KeyRange.fromKey("b"))).join())).containsExactly("b/1");
			assertThat(keys(kv.get(GetOp.prefix("b/")).join())).containsExactly("b/1");
			assertThat(keys(kv.get(GetOp.of(KeyRange.range("a", "b"))).join())).containsExactly("a");

			PutResult put = kv.put(PutOp.of("a", "3").withPrevKv()).join();
			assertThat(put.prevKv().orElseThrow().keyAsString()).isEqualTo("a");
			TxnResult txn = kv.txn()
				.when(Compare.value("a").equal("3"))
				.then(GetOp.key("b/1"), PutOp.of("c", "4").withPrevKv())
				.commit()
				.join();
			assertThat(txn.succeeded()).as("compare keys are namespaced too").isTrue();
			assertThat(keys(txn.result(0, GetResult.class))).containsExactly("b/1");
			assertThat(raw.kv().get(ns + "c").join().isEmpty()).isFalse();

			assertThat(kv.delete(DeleteOp.of(KeyRange.all()).withPrevKv()).join().prevKvs())
				.extracting(KeyValue::keyAsString)
				.containsExactly("a", "b/1", "c");
			assertThat(raw.kv().get(ns.substring(0, ns.length() - 1)).join().isEmpty()).as("outside, before").isFalse();
			assertThat(raw.kv().get(ns.substring(0, ns.length() - 1) + "0").join().isEmpty()).as("outside, after")
				.isFalse();
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void anEmptyKeyIsRefusedWhateverTheNamespace(boolean namespaced) {
		String ns = TestKeys.unique("empty-key");
		try (EtcdClient raw = EtcdClient.builder().endpoints(etcd.endpoints()).build();
				EtcdClient client = namespaced ? EtcdClient.builder().endpoints(etcd.endpoints()).namespace(ns).build()
						: raw) {
			KvClient kv = client.kv();
			List<ThrowingCallable> calls = List.of(() -> kv.get("").join(), () -> kv.put("", "v").join(),
					() -> kv.putWithTtl(PutOp.of("", "v"), Duration.ofSeconds(30)).join(), () -> kv.delete("").join(),
					() -> kv.get(GetOp.of(KeyRange.range("", "z"))).join(),
					() -> kv.txn().when().then(PutOp.of("", "v")).commit().join(),
					() -> kv.txn().when(Compare.value("").equal("v")).then(PutOp.of("k", "v")).commit().join(),
					() -> client.lock().lock("", Duration.ofSeconds(5)).join(),
					() -> client.election().leader(ByteSequence.EMPTY).join());
			for (ThrowingCallable call : calls) {
				assertThatThrownBy(call).hasRootCauseInstanceOf(EmptyKeyException.class)
					.rootCause()
					.hasMessageContaining("is empty");
			}
			assertThatThrownBy(() -> client.watch().watch("", (response) -> {
			})).isInstanceOf(EmptyKeyException.class);
			assertThat(raw.kv().get(GetOp.prefix(ns)).join().kvs()).as("nothing was written").isEmpty();
			assertThat(raw.kv().get(ns.substring(0, ns.length() - 1)).join().kvs()).isEmpty();
		}
	}

	@Test
	void theNamespacesOwnKeyIsNotPartOfIt() {
		String ns = TestKeys.unique("own-key");
		try (EtcdClient raw = EtcdClient.builder().endpoints(etcd.endpoints()).build();
				EtcdClient scoped = EtcdClient.builder().endpoints(etcd.endpoints()).namespace(ns).build()) {
			// written without the namespace: seen through it, it would be a key without
			// bytes
			raw.kv().put(ns, "the namespace itself").join();
			scoped.kv().put("a", "1").join();
			assertThat(keys(scoped.kv().get(GetOp.prefix("")).join())).containsExactly("a");
			assertThat(keys(scoped.kv().get(GetOp.of(KeyRange.all())).join())).containsExactly("a");
			assertThat(keys(scoped.kv().get(GetOp.of(KeyRange.fromKey(""))).join())).containsExactly("a");
			assertThat(scoped.kv().delete(DeleteOp.of(KeyRange.all())).join().deleted()).isEqualTo(1);
			assertThat(raw.kv().get(ns).join().kvs()).hasSize(1);
		}
	}

}
