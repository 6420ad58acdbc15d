package dev.etcdspring.benchmarks.workloads;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.etcdspring.benchmarks.clients.ClientKind;
import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.kv.Op;
import dev.etcdspring.client.kv.PutOp;

/**
 * The keys and the value the workloads use: {@code bench/kv/00000…} shared by every
 * client (loaded before the first run), and for transactions a separate key set per
 * client, {@code bench/txn/<client>/00000…}, so that each client alone decides the
 * versions of its keys.
 */
public final class Dataset {

	/**
	 * Puts per transaction when loading; etcd allows 128 operations per transaction by
	 * default.
	 */
	private static final int LOAD_BATCH = 100;

	private static final int LOAD_IN_FLIGHT = 8;

	private final int keyCount;

	private final byte[] value;

	private final byte[][] kvKeys;

	/**
	 * A dataset.
	 * @param keyCount keys per key set
	 * @param valueSize bytes per value
	 */
	public Dataset(int keyCount, int valueSize) {
		this.keyCount = keyCount;
		this.value = new byte[valueSize];
		new Random(42).nextBytes(this.value);
		this.kvKeys = keys("bench/kv/", keyCount);
	}

	private static byte[][] keys(String prefix, int count) {
		byte[][] keys = new byte[count][];
		for (int i = 0; i < count; i++) {
			keys[i] = String.format("%s%05d", prefix, i).getBytes(StandardCharsets.UTF_8);
		}
		return keys;
	}

	/**
	 * How many keys each key set has.
	 * @return the key count
	 */
	public int keyCount() {
		return this.keyCount;
	}

	/**
	 * The value every put writes (random bytes, the same each run). Not to be modified.
	 * @return the value
	 */
	public byte[] value() {
		return this.value;
	}

	/**
	 * The keys of the shared key set. Not to be modified.
	 * @return the keys
	 */
	public byte[][] kvKeys() {
		return this.kvKeys;
	}

	/**
	 * Writes every shared key once, in transactions of {@value #LOAD_BATCH} puts, so that
	 * reads find values.
	 * @param client a client connected to the server
	 * @throws IllegalStateException if a write failed or the writes stalled
	 * @throws InterruptedException if interrupted while waiting
	 */
	public void load(EtcdClient client) throws InterruptedException {
		ByteSequence value = ByteSequence.from(this.value);
		int batches = (this.keyCount + LOAD_BATCH - 1) / LOAD_BATCH;
		Waits.sendAll(batches, LOAD_IN_FLIGHT, (batch) -> {
			List<Op> puts = new ArrayList<>();
			for (int i = batch * LOAD_BATCH; i < Math.min(this.keyCount, (batch + 1) * LOAD_BATCH); i++) {
				puts.add(PutOp.of(ByteSequence.from(this.kvKeys[i]), value));
			}
			return client.kv().txn().then(puts.toArray(Op[]::new)).commit();
		}, "Loading the keys");
	}

	/**
	 * The transaction keys of one client.
	 * @param client the client
	 * @return new key arrays
	 */
	public byte[][] txnKeys(ClientKind client) {
		return keys("bench/txn/" + client.id() + "/", this.keyCount);
	}

}
