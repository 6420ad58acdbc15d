package dev.etcdspring.client;

import java.util.List;

import dev.etcdspring.client.error.LeaseNotFoundException;
import dev.etcdspring.client.kv.Compare;
import dev.etcdspring.client.kv.DeleteOp;
import dev.etcdspring.client.kv.DeleteResult;
import dev.etcdspring.client.kv.GetOp;
import dev.etcdspring.client.kv.GetResult;
import dev.etcdspring.client.kv.KvClient;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.client.kv.PutResult;
import dev.etcdspring.client.kv.SortOrder;
import dev.etcdspring.client.kv.SortTarget;
import dev.etcdspring.client.kv.TxnOp;
import dev.etcdspring.client.kv.TxnResult;
import dev.etcdspring.test.EtcdClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KvTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();

	static EtcdClient client;

	static KvClient kv;

	String p;

	@BeforeAll
	static void connect() {
		client = EtcdClient.builder().endpoints(etcd.endpoints()).build();
		kv = client.kv();
	}

	@AfterAll
	static void close() {
		client.close();
	}

	@BeforeEach
	void prefix(TestInfo info) {
		this.p = TestKeys.unique(info.getTestMethod().orElseThrow().getName());
	}

	private List<String> keys(GetResult result) {
		return result.kvs().stream().map(KeyValue::keyAsString).map((k) -> k.substring(this.p.length())).toList();
	}

	private long put(String key, String value) {
		return kv.put(this.p + key, value).join().header().revision();
	}

	@Test
	void putThenGetReturnsValueRevisionsAndHeader() {
		PutResult put = kv.put(this.p + "a", "1").join();
		assertThat(put.header().revision()).isPositive();
		assertThat(put.header().clusterId()).isNotZero();
		assertThat(put.header().memberId()).isNotZero();
		assertThat(put.header().raftTerm()).isPositive();
		assertThat(put.prevKv()).isEmpty();

		GetResult get = kv.get(this.p + "a").join();
		assertThat(get.count()).isEqualTo(1);
		assertThat(get.more()).isFalse();
		KeyValue kv1 = get.first().orElseThrow();
		assertThat(kv1.keyAsString()).isEqualTo(this.p + "a");
		assertThat(kv1.valueAsString()).isEqualTo("1");
		assertThat(kv1.createRevision()).isEqualTo(put.header().revision());
		assertThat(kv1.modRevision()).isEqualTo(put.header().revision());
		assertThat(kv1.version()).isEqualTo(1);
		assertThat(kv1.lease()).isZero();
		assertThat(get.header().revision()).isGreaterThanOrEqualTo(put.header().revision());

		assertThat(kv.get(this.p + "missing").join().isEmpty()).isTrue();
	}

	@Test
	void binaryKeysAndValuesSurviveUnchanged() {
		ByteSequence key = ByteSequence.from(this.p).concat(ByteSequence.from(new byte[] { 0, (byte) 0xff, 10 }));
		ByteSequence value = ByteSequence.from(new byte[] { (byte) 0xc3, 0, (byte) 0x80 });
		kv.put(key, value).join();
		KeyValue found = kv.get(key).join().first().orElseThrow();
		assertThat(found.key()).isEqualTo(key);
		assertThat(found.value()).isEqualTo(value);
	}

	@Test
	void prefixRangeFromKeyAndAllKeys() {
		for (String key : List.of("a", "b", "b/1", "b/2", "c")) {
			put(key, key);
		}
		assertThat(keys(kv.get(GetOp.prefix(this.p + "b")).join())).containsExactly("b", "b/1", "b/2");
		assertThat(keys(kv.get(GetOp.of(KeyRange.range(this.p + "a", this.p + "b/2"))).join())).containsExactly("a",
				"b", "b/1");
		assertThat(keys(kv.get(GetOp.of(KeyRange.fromKey(this.p + "b/2"))).join())).startsWith("b/2", "c");
		GetResult all = kv.get(GetOp.of(KeyRange.all()).withCountOnly()).join();
		assertThat(all.count()).isGreaterThanOrEqualTo(5);
		assertThat(all.kvs()).isEmpty();
	}

	@Test
	void limitSortKeysOnlyAndCountOnly() {
		put("x1", "c");
		put("x2", "a");
		put("x3", "b");
		GetResult limited = kv.get(GetOp.prefix(this.p).withLimit(2)).join();
		assertThat(keys(limited)).containsExactly("x1", "x2");
		assertThat(limited.more()).isTrue();
		assertThat(limited.count()).isEqualTo(3);

		assertThat(keys(kv.get(GetOp.prefix(this.p).withSort(SortTarget.VALUE, SortOrder.ASCEND)).join()))
			.containsExactly("x2", "x3", "x1");
		assertThat(keys(kv.get(GetOp.prefix(this.p).withSort(SortTarget.KEY, SortOrder.DESCEND)).join()))
			.containsExactly("x3", "x2", "x1");
		assertThat(keys(kv.get(GetOp.prefix(this.p).withSort(SortTarget.CREATE_REVISION, SortOrder.NONE)).join()))
			.containsExactly("x1", "x2", "x3");

		GetResult keysOnly = kv.get(GetOp.prefix(this.p).withKeysOnly()).join();
		assertThat(keysOnly.kvs()).hasSize(3).allSatisfy((k) -> assertThat(k.value().isEmpty()).isTrue());
		GetResult countOnly = kv.get(GetOp.prefix(this.p).withCountOnly()).join();
		assertThat(countOnly.kvs()).isEmpty();
		assertThat(countOnly.count()).isEqualTo(3);
		assertThat(kv.get(GetOp.prefix(this.p).withSerializable()).join().count()).isEqualTo(3);
	}

	@Test
	void readsAtRevisionAndRevisionFilters() {
		long first = put("k", "v1");
		long second = put("k", "v2");
		long other = put("other", "o");
		assertThat(kv.get(GetOp.key(this.p + "k").withRevision(first)).join().first().orElseThrow().valueAsString())
			.isEqualTo("v1");
		assertThat(kv.get(GetOp.key(this.p + "k")).join().first().orElseThrow().version()).isEqualTo(2);

		assertThat(keys(kv.get(GetOp.prefix(this.p).withModRevisionBetween(second, second)).join()))
			.containsExactly("k");
		assertThat(keys(kv.get(GetOp.prefix(this.p).withModRevisionBetween(other, 0)).join())).containsExactly("other");
		assertThat(keys(kv.get(GetOp.prefix(this.p).withCreateRevisionBetween(0, first)).join())).containsExactly("k");
		assertThat(keys(kv.get(GetOp.prefix(this.p).withCreateRevisionBetween(second, 0)).join()))
			.containsExactly("other");
	}

	@Test
	void putReturnsPreviousValueAndIgnoresValueOrLease() {
		put("k", "old");
		PutResult result = kv.put(PutOp.of(this.p + "k", "new").withPrevKv()).join();
		assertThat(result.prevKv()).isPresent();
		assertThat(result.prevKv().orElseThrow().valueAsString()).isEqualTo("old");

		kv.put(PutOp.of(this.p + "k", "ignored").withIgnoreValue()).join();
		assertThat(kv.get(this.p + "k").join().first().orElseThrow().valueAsString()).isEqualTo("new");
		kv.put(PutOp.of(this.p + "k", "newer").withIgnoreLease()).join();
		KeyValue stored = kv.get(this.p + "k").join().first().orElseThrow();
		assertThat(stored.valueAsString()).isEqualTo("newer");
		assertThat(stored.version()).isEqualTo(4);
	}

	@Test
	void putWithUnknownLeaseIsRejected() {
		assertThatThrownBy(() -> kv.put(PutOp.of(this.p + "k", "v").withLease(0x1234_5678L)).join())
			.hasCauseInstanceOf(LeaseNotFoundException.class);
		assertThat(kv.get(this.p + "k").join().isEmpty()).isTrue();
	}

	@Test
	void deleteSinglePrefixRangeWithPreviousValues() {
		for (String key : List.of("a", "b/1", "b/2", "c", "d")) {
			put(key, "v-" + key);
		}
		DeleteResult single = kv.delete(DeleteOp.key(this.p + "a").withPrevKv()).join();
		assertThat(single.deleted()).isEqualTo(1);
		assertThat(single.prevKvs()).extracting(KeyValue::valueAsString).containsExactly("v-a");
		assertThat(kv.delete(DeleteOp.prefix(this.p + "b/")).join().deleted()).isEqualTo(2);
		DeleteResult range = kv.delete(DeleteOp.of(KeyRange.range(this.p + "c", this.p + "d")).withPrevKv()).join();
		assertThat(range.prevKvs()).extracting(KeyValue::valueAsString).containsExactly("v-c");
		assertThat(kv.delete(this.p + "nothing").join().deleted()).isZero();
		assertThat(keys(kv.get(GetOp.prefix(this.p)).join())).containsExactly("d");
	}

	@Test
	void txnComparesEveryTargetAndRunsTheRightBranch() {
		long rev = put("k", "v");
		TxnResult succeeded = kv.txn()
			.when(Compare.value(this.p + "k").equal("v"), Compare.version(this.p + "k").equal(1),
					Compare.createRevision(this.p + "k").equal(rev), Compare.modRevision(this.p + "k").less(rev + 1),
					Compare.lease(this.p + "k").equal(0), Compare.version(this.p + "absent").equal(0))
			.then(PutOp.of(this.p + "k", "v2").withPrevKv(), GetOp.key(this.p + "k"), DeleteOp.key(this.p + "nothing"))
			.otherwise(GetOp.key(this.p + "k"))
			.commit()
			.join();
		assertThat(succeeded.succeeded()).isTrue();
		assertThat(succeeded.results()).hasSize(3);
		assertThat(succeeded.result(0, PutResult.class).prevKv().orElseThrow().valueAsString()).isEqualTo("v");
		assertThat(succeeded.result(1, GetResult.class).first().orElseThrow().valueAsString()).isEqualTo("v2");
		assertThat(succeeded.result(2, DeleteResult.class).deleted()).isZero();
		assertThat(succeeded.header().revision()).isEqualTo(rev + 1);
		assertThatThrownBy(() -> succeeded.result(0, GetResult.class)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("PutResult");

		TxnResult failed = kv.txn()
			.when(Compare.value(this.p + "k").notEqual("v2"))
			.then(PutOp.of(this.p + "k", "never"))
			.otherwise(GetOp.key(this.p + "k"))
			.commit()
			.join();
		assertThat(failed.succeeded()).isFalse();
		assertThat(failed.result(0, GetResult.class).first().orElseThrow().valueAsString()).isEqualTo("v2");

		assertThat(kv.txn().when(Compare.modRevision(this.p + "k").greater(rev)).commit().join().succeeded()).isTrue();
		assertThat(kv.txn().then(PutOp.of(this.p + "z", "1")).commit().join().succeeded()).isTrue();
	}

	@Test
	void nestedTxnRunsInsideTheOuterOne() {
		TxnOp inner = kv.txn()
			.when(Compare.version(this.p + "inner").equal(0))
			.then(PutOp.of(this.p + "inner", "created"))
			.toOp();
		TxnResult outer = kv.txn().then(PutOp.of(this.p + "outer", "1"), inner).commit().join();
		assertThat(outer.succeeded()).isTrue();
		TxnResult nested = outer.result(1, TxnResult.class);
		assertThat(nested.succeeded()).isTrue();
		assertThat(nested.results()).singleElement().isInstanceOf(PutResult.class);
		assertThat(kv.get(this.p + "inner").join().first().orElseThrow().valueAsString()).isEqualTo("created");
		assertThat(kv.get(this.p + "outer").join().first().orElseThrow().modRevision())
			.isEqualTo(kv.get(this.p + "inner").join().first().orElseThrow().modRevision());
	}

	@Test
	void compactDiscardsOlderRevisions() {
		long first = put("k", "1");
		long second = put("k", "2");
		assertThat(kv.compact(second, false).join().header().revision()).isGreaterThanOrEqualTo(second);
		assertThatThrownBy(() -> kv.get(GetOp.key(this.p + "k").withRevision(first)).join())
			.hasCauseInstanceOf(dev.etcdspring.client.error.CompactedException.class);
		long third = put("k", "3");
		kv.compact(third, true).join();
		assertThat(kv.get(this.p + "k").join().first().orElseThrow().valueAsString()).isEqualTo("3");
	}

}
