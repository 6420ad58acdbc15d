package dev.etcdspring.client;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.Comparator;

import com.google.protobuf.ByteString;
import dev.etcdspring.client.internal.Bytes;

/**
 * An immutable sequence of bytes: an etcd key or value.
 *
 * <p>
 * Keys and values are bytes to etcd; {@link #from(String)} and {@link #toString()}
 * convert with UTF-8, the encoding etcd's own tools use. Ordering ({@link #compareTo}) is
 * unsigned lexicographic, the order etcd sorts keys in. Thread-safe; creating one from an
 * array or a buffer copies it, while keys and values in results share the received bytes
 * without copying.
 */
public final class ByteSequence implements Comparable<ByteSequence> {

	/** The empty sequence. */
	public static final ByteSequence EMPTY = new ByteSequence(ByteString.EMPTY);

	private static final Comparator<ByteString> UNSIGNED = ByteString.unsignedLexicographicalComparator();

	static {
		Bytes.setAccess(new Bytes.Access() {
			@Override
			public ByteSequence wrap(ByteString bytes) {
				return bytes.isEmpty() ? EMPTY : new ByteSequence(bytes);
			}

			@Override
			public ByteString unwrap(ByteSequence sequence) {
				return sequence.bytes;
			}
		});
	}

	// protobuf's immutable bytes: results and requests share them without copying; never
	// exposed
	private final ByteString bytes;

	private ByteSequence(ByteString bytes) {
		this.bytes = bytes;
	}

	/**
	 * A copy of the given bytes.
	 * @param bytes the bytes
	 * @return the sequence
	 */
	public static ByteSequence from(byte[] bytes) {
		return (bytes.length == 0) ? EMPTY : new ByteSequence(ByteString.copyFrom(bytes));
	}

	/**
	 * A copy of the buffer's remaining bytes; the buffer's position is unchanged.
	 * @param buffer the bytes
	 * @return the sequence
	 */
	public static ByteSequence from(ByteBuffer buffer) {
		return buffer.hasRemaining() ? new ByteSequence(ByteString.copyFrom(buffer.duplicate())) : EMPTY;
	}

	/**
	 * The UTF-8 encoding of the text.
	 * @param text the text
	 * @return the sequence
	 */
	public static ByteSequence from(String text) {
		return text.isEmpty() ? EMPTY : new ByteSequence(ByteString.copyFromUtf8(text));
	}

	/**
	 * The text in the given encoding.
	 * @param text the text
	 * @param charset the encoding
	 * @return the sequence
	 */
	public static ByteSequence from(String text, Charset charset) {
		return text.isEmpty() ? EMPTY : new ByteSequence(ByteString.copyFrom(text, charset));
	}

	/**
	 * The number of bytes.
	 * @return the size
	 */
	public int size() {
		return this.bytes.size();
	}

	/**
	 * Whether there are no bytes.
	 * @return whether the size is 0
	 */
	public boolean isEmpty() {
		return this.bytes.isEmpty();
	}

	/**
	 * One byte.
	 * @param index its position
	 * @return the byte
	 */
	public byte byteAt(int index) {
		return this.bytes.byteAt(index);
	}

	/**
	 * A copy of the bytes.
	 * @return a new array
	 */
	public byte[] toByteArray() {
		return this.bytes.toByteArray();
	}

	/**
	 * A read-only view of the bytes, without copying.
	 * @return a read-only buffer
	 */
	public ByteBuffer asReadOnlyByteBuffer() {
		return this.bytes.asReadOnlyByteBuffer();
	}

	/**
	 * The bytes decoded with the given charset.
	 * @param charset the encoding
	 * @return the text
	 */
	public String toString(Charset charset) {
		return this.bytes.toString(charset);
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
		return isEmpty() ? other : new ByteSequence(this.bytes.concat(other.bytes));
	}

	/**
	 * Whether this sequence begins with the given bytes.
	 * @param prefix the bytes to look for
	 * @return whether they begin this sequence
	 */
	public boolean startsWith(ByteSequence prefix) {
		return this.bytes.startsWith(prefix.bytes);
	}

	/**
	 * The bytes from {@code beginIndex} to the end.
	 * @param beginIndex the first byte to keep
	 * @return a new sequence
	 */
	public ByteSequence substring(int beginIndex) {
		return substring(beginIndex, size());
	}

	/**
	 * The bytes from {@code beginIndex} (inclusive) to {@code endIndex} (exclusive).
	 * @param beginIndex the first byte to keep
	 * @param endIndex the first byte to drop
	 * @return a new sequence
	 */
	public ByteSequence substring(int beginIndex, int endIndex) {
		if (beginIndex == 0 && endIndex == size()) {
			return this;
		}
		return (beginIndex == endIndex) ? EMPTY : new ByteSequence(this.bytes.substring(beginIndex, endIndex));
	}

	@Override
	public int compareTo(ByteSequence other) {
		return UNSIGNED.compare(this.bytes, other.bytes);
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof ByteSequence that && this.bytes.equals(that.bytes));
	}

	@Override
	public int hashCode() {
		return this.bytes.hashCode();
	}

	/**
	 * The bytes decoded as UTF-8 (malformed input becomes U+FFFD).
	 * @return the text
	 */
	@Override
	public String toString() {
		return this.bytes.toStringUtf8();
	}

}
