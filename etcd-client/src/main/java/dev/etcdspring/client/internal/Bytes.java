package dev.etcdspring.client.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.etcdspring.client.ByteSequence;
import org.jspecify.annotations.Nullable;

/**
 * Conversions between {@link ByteSequence} and protobuf's {@link ByteString} without
 * copies: a {@code ByteSequence} holds an immutable {@code ByteString} and hands this
 * class the way to wrap and unwrap it, so that protobuf types stay out of the public API.
 */
public final class Bytes {

	/** Wraps and unwraps a {@link ByteSequence}'s bytes without copying them. */
	public interface Access {

		/**
		 * A sequence of the given bytes.
		 * @param bytes the bytes
		 * @return the sequence
		 */
		ByteSequence wrap(ByteString bytes);

		/**
		 * The sequence's own bytes.
		 * @param sequence the sequence
		 * @return its bytes
		 */
		ByteString unwrap(ByteSequence sequence);

	}

	private static volatile @Nullable Access access;

	/** The single byte 0: as a range end it means "no upper bound". */
	static final ByteString ZERO = ByteString.copyFrom(new byte[] { 0 });

	private Bytes() {
	}

	/**
	 * Called once, by {@link ByteSequence}'s initializer.
	 * @param instance the access
	 */
	public static void setAccess(Access instance) {
		if (access != null) {
			throw new IllegalStateException("Access is set already");
		}
		access = instance;
	}

	private static Access access() {
		Access current = access;
		if (current == null) {
			// initializing ByteSequence sets it
			ByteSequence.EMPTY.size();
			current = access;
		}
		return java.util.Objects.requireNonNull(current);
	}

	static ByteString toByteString(ByteSequence sequence) {
		return access().unwrap(sequence);
	}

	static ByteSequence toSequence(ByteString bytes) {
		return access().wrap(bytes);
	}

	static ByteSequence toSequence(ByteString bytes, int from) {
		return access().wrap((from == 0) ? bytes : bytes.substring(from));
	}

	/**
	 * The smallest key greater than every key that begins with {@code prefix}: the prefix
	 * with its last byte below 0xff incremented and what follows dropped; "\0" (no bound)
	 * when every byte is 0xff.
	 * @param prefix the prefix
	 * @return the range end
	 */
	static ByteString prefixEnd(ByteString prefix) {
		for (int i = prefix.size() - 1; i >= 0; i--) {
			int b = prefix.byteAt(i) & 0xff;
			if (b < 0xff) {
				byte[] end = prefix.substring(0, i + 1).toByteArray();
				end[i] = (byte) (b + 1);
				return UnsafeByteOperations.unsafeWrap(end);
			}
		}
		return ZERO;
	}

}
