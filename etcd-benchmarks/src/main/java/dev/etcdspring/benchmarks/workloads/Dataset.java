package dev.etcdspring.benchmarks.workloads;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import dev.etcdspring.benchmarks.clients.ClientKind;

/**
 * The keys and the value the workloads use: {@code bench/kv/00000…} shared by every client (loaded
 * before the first run), and for transactions a separate key set per client,
 * {@code bench/txn/<client>/00000…}, so that each client alone decides the versions of its keys.
 */
public final class Dataset {

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
	 * The transaction keys of one client.
	 * @param client the client
	 * @return new key arrays
	 */
	public byte[][] txnKeys(ClientKind client) {
		return keys("bench/txn/" + client.id() + "/", this.keyCount);
	}

}
