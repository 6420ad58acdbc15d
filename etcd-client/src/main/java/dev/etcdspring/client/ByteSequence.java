package dev.etcdspring.client;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.etcdspring.client.internal.Bytes;

/**
 * An immutable sequence of bytes: an etcd key or value.
 *
 * <p>Keys and values are bytes to etcd; {@link #from(String)} and {@link #toString()} convert with
 * UTF-8, the encoding etcd's own tools use. Ordering ({@link #compareTo}) is unsigned
 * lexicographic, the order etcd sorts keys in. Thread-safe; creating one from an array or a buffer
 * copies it.
 */
public final class ByteSequence implements Comparable<ByteSequence> {

	/** The empty sequence. */
	public static final ByteSequence EMPTY = new ByteSequence(new byte[0]);

	static {
		Bytes.setAccess(new Bytes.Access() {
			@Override
			public ByteSequence wrap(byte[] bytes) {
				return (bytes.length == 0) ? EMPTY : new ByteSequence(bytes);
			}

			@Override
			public byte[] array(ByteSequence sequence) {
				return sequence.bytes;
			}
		});
	}

	private final byte[] bytes;

	private int hash;

	private ByteSequence(byte[] bytes) {
		this.bytes = bytes;
	}

	/**
	 * A copy of the given bytes.
	 * @param bytes the bytes
	 * @return the sequence
	 */
	public static ByteSequence from(byte[] bytes) {
		return (bytes.length == 0) ? EMPTY : new ByteSequence(bytes.clone());
	}

	/**
	 * A copy of the buffer's remaining bytes; the buffer's position is unchanged.
	 * @param buffer the bytes
	 * @return the sequence
	 */
	public static ByteSequence from(ByteBuffer buffer) {
		byte[] copy = new byte[buffer.remaining()];
		buffer.duplicate().get(copy);
		return (copy.length == 0) ? EMPTY : new ByteSequence(copy);
	}

	/**
	 * The UTF-8 encoding of the text.
	 * @param text the text
	 * @return the sequence
	 */
	public static ByteSequence from(String text) {
		return from(text, StandardCharsets.UTF_8);
	}

	/**
	 * The text in the given encoding.
	 * @param text the text
	 * @param charset the encoding
	 * @return the sequence
	 */
	public static ByteSequence from(String text, Charset charset) {
		return text.isEmpty() ? EMPTY : new ByteSequence(text.getBytes(charset));
	}

	/**
	 * The number of bytes.
	 * @return the size
	 */
	public int size() {
		return this.bytes.length;
	}

	/**
	 * Whether there are no bytes.
	 * @return whether the size is 0
	 */
	public boolean isEmpty() {
		return this.bytes.length == 0;
	}

	/**
	 * One byte.
	 * @param index its position
	 * @return the byte
	 */
	public byte byteAt(int index) {
		return this.bytes[index];
	}

	/**
	 * A copy of the bytes.
	 * @return a new array
	 */
	public byte[] toByteArray() {
		return this.bytes.clone();
	}

	/**
	 * A read-only view of the bytes, without copying.
	 * @return a read-only buffer
	 */
	public ByteBuffer asReadOnlyByteBuffer() {
		return ByteBuffer.wrap(this.bytes).asReadOnlyBuffer();
	}

	/**
	 * The bytes decoded with the given charset.
	 * @param charset the encoding
	 * @return the text
	 */
	public String toString(Charset charset) {
		return new String(this.bytes, charset);
	}

	/**
	 * This sequence followed by another.
	 * @param other the bytes to append
	 * @return a new sequence
	 */
	public ByteSequence concat(ByteSequence other) {
		if (other.isEmpty()) {
			return this;
		}
		if (isEmpty()) {
			return other;
		}
		byte[] joined = Arrays.copyOf(this.bytes, this.bytes.length + other.bytes.length);
		System.arraycopy(other.bytes, 0, joined, this.bytes.length, other.bytes.length);
		return new ByteSequence(joined);
	}

	/**
	 * Whether this sequence begins with the given bytes.
	 * @param prefix the bytes to look for
	 * @return whether they begin this sequence
	 */
	public boolean startsWith(ByteSequence prefix) {
		return prefix.bytes.length <= this.bytes.length
				&& Arrays.equals(this.bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
	}

	/**
	 * The bytes from {@code beginIndex} to the end.
	 * @param beginIndex the first byte to keep
	 * @return a new sequence
	 */
	public ByteSequence substring(int beginIndex) {
		return substring(beginIndex, this.bytes.length);
	}

	/**
	 * The bytes from {@code beginIndex} (inclusive) to {@code endIndex} (exclusive).
	 * @param beginIndex the first byte to keep
	 * @param endIndex the first byte to drop
	 * @return a new sequence
	 */
	public ByteSequence substring(int beginIndex, int endIndex) {
		if (beginIndex == 0 && endIndex == this.bytes.length) {
			return this;
		}
		return (beginIndex == endIndex) ? EMPTY : new ByteSequence(Arrays.copyOfRange(this.bytes, beginIndex, endIndex));
	}

	@Override
	public int compareTo(ByteSequence other) {
		return Arrays.compareUnsigned(this.bytes, other.bytes);
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof ByteSequence that && Arrays.equals(this.bytes, that.bytes));
	}

	@Override
	public int hashCode() {
		int h = this.hash;
		if (h == 0 && this.bytes.length > 0) {
			h = Arrays.hashCode(this.bytes);
			this.hash = h;
		}
		return h;
	}

	/**
	 * The bytes decoded as UTF-8 (malformed input becomes U+FFFD).
	 * @return the text
	 */
	@Override
	public String toString() {
		return new String(this.bytes, StandardCharsets.UTF_8);
	}

}
