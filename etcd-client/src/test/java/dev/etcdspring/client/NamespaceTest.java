package dev.etcdspring.client;

import java.util.List;

import dev.etcdspring.client.kv.Compare;
import dev.etcdspring.client.kv.DeleteOp;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.client.kv.GetResult;
import dev.etcdspring.client.kv.KvClient;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.client.kv.PutResult;
import dev.etcdspring.client.kv.TxnResult;
import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The namespace is added to every key sent and removed from every key received, and no range leaves it. */
class NamespaceTest {

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
			assertThat(put.prevKv().keyAsString()).isEqualTo("a");
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
			assertThat(raw.kv().get(ns.substring(0, ns.length() - 1) + "0").join().isEmpty()).as("outside, after").isFalse();
		}
	}

}
