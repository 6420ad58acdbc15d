package dev.etcdspring.client.error;

import org.jspecify.annotations.Nullable;

/**
 * The requested revision was compacted away: the history before
 * {@link #compactRevision()} is gone. A watch that ends with this exception cannot be
 * resumed: read the current state, then watch again from the revision of that read + 1.
 */
public class CompactedException extends EtcdException {

	private static final long serialVersionUID = 1L;

	private final long compactRevision;

	/**
	 * Creates the exception.
	 * @param message what was compacted and what to do
	 * @param compactRevision the oldest revision still stored, or 0 when the server did
	 * not say
	 * @param statusCode the gRPC status code name, or {@code null}
	 * @param serverMessage the server's error text, or {@code null}
	 * @param cause the underlying error, or {@code null}
	 */
	public CompactedException(String message, long compactRevision, @Nullable String statusCode,
			@Nullable String serverMessage, @Nullable Throwable cause) {
		super(message, statusCode, serverMessage, cause);
		this.compactRevision = compactRevision;
	}

	/**
	 * The compaction revision: the oldest revision the server still has, when it said so.
	 * @return the revision, or 0 when unknown
	 */
	public long compactRevision() {
		return this.compactRevision;
	}

}
