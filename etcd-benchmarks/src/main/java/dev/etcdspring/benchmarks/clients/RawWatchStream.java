package dev.etcdspring.benchmarks.clients;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.etcdspring.client.internal.proto.MvccProto.Event;
import dev.etcdspring.client.internal.proto.MvccProto.KeyValue;
import dev.etcdspring.client.internal.proto.RpcProto.WatchCancelRequest;
import dev.etcdspring.client.internal.proto.RpcProto.WatchCreateRequest;
import dev.etcdspring.client.internal.proto.RpcProto.WatchRequest;
import dev.etcdspring.client.internal.proto.RpcProto.WatchResponse;
import dev.etcdspring.client.internal.proto.WatchGrpc;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

/**
 * The raw stubs' watches: one bidirectional {@code Watch} stream shared by all of them,
 * the least a client must do to multiplex watches. Creates are answered in the order they
 * were sent, so each created response goes to the oldest pending watch; events find their
 * watch by its id. No reconnect, no resume, no back-pressure: this is the floor, not a
 * client.
 */
final class RawWatchStream implements StreamObserver<WatchResponse> {

	private final Object lock = new Object();

	/**
	 * Watches whose create was sent and not yet answered, oldest first; guarded by the
	 * lock.
	 */
	private final ArrayDeque<Entry> pending = new ArrayDeque<>();

	/** Created watches by id; guarded by the lock. */
	private final Map<Long, Entry> active = new HashMap<>();

	/** Not thread-safe: every call holds the lock. Set once, right after construction. */
	private @Nullable StreamObserver<WatchRequest> requests;

	private @Nullable Throwable failure;

	private RawWatchStream() {
	}

	/**
	 * Opens the stream.
	 * @param stub the Watch service's async stub
	 * @return the stream
	 */
	static RawWatchStream open(WatchGrpc.WatchStub stub) {
		RawWatchStream stream = new RawWatchStream();
		StreamObserver<WatchRequest> requests = stub.watch(stream);
		synchronized (stream.lock) {
			stream.requests = requests;
		}
		return stream;
	}

	/**
	 * Sends the create request of a watch from now.
	 * @param key the key or prefix
	 * @param prefix whether to watch the prefix
	 * @param sink where the watch delivers
	 * @return the watch
	 */
	Entry watch(byte[] key, boolean prefix, WatchSink sink) {
		ByteString k = UnsafeByteOperations.unsafeWrap(key);
		WatchCreateRequest.Builder create = WatchCreateRequest.newBuilder().setKey(k);
		if (prefix) {
			create.setRangeEnd(prefixEnd(key));
		}
		WatchRequest request = WatchRequest.newBuilder().setCreateRequest(create).build();
		Entry entry = new Entry(sink);
		Throwable failed;
		synchronized (this.lock) {
			failed = this.failure;
			if (failed == null) {
				this.pending.add(entry);
				requests().onNext(request);
			}
		}
		if (failed != null) {
			sink.failed(failed);
		}
		return entry;
	}

	/**
	 * The end of a prefix range: the prefix with its last byte below 0xff incremented,
	 * the rest cut.
	 */
	private static ByteString prefixEnd(byte[] prefix) {
		for (int i = prefix.length - 1; i >= 0; i--) {
			if (prefix[i] != (byte) 0xff) {
				byte[] end = Arrays.copyOf(prefix, i + 1);
				end[i]++;
				return UnsafeByteOperations.unsafeWrap(end);
			}
		}
		// every byte is 0xff: to the end of the key space
		return ByteString.copyFrom(new byte[] { 0 });
	}

	private StreamObserver<WatchRequest> requests() {
		StreamObserver<WatchRequest> requests = this.requests;
		if (requests == null) {
			throw new IllegalStateException("The watch stream is not open");
		}
		return requests;
	}

	@Override
	public void onNext(WatchResponse response) {
		if (response.getCreated()) {
			created(response);
			return;
		}
		Entry entry;
		synchronized (this.lock) {
			entry = response.getCanceled() ? this.active.remove(response.getWatchId())
					: this.active.get(response.getWatchId());
		}
		if (entry == null) {
			// cancelled by us, or events that were in flight when we cancelled
			return;
		}
		if (response.getCanceled()) {
			entry.sink
				.failed(new IllegalStateException("Watch cancelled by the server: " + response.getCancelReason()));
			return;
		}
		for (Event event : response.getEventsList()) {
			KeyValue kv = event.getKv();
			ByteString key = kv.getKey();
			entry.sink.event(KeyNumbers.of(key.size(), key::byteAt), kv.getModRevision(), kv.getValue().size());
		}
	}

	private void created(WatchResponse response) {
		Entry entry;
		synchronized (this.lock) {
			entry = this.pending.poll();
			if (entry == null) {
				return;
			}
			if (!response.getCanceled()) {
				entry.id = response.getWatchId();
				if (entry.closed) {
					requests().onNext(cancel(entry.id));
				}
				else {
					this.active.put(entry.id, entry);
				}
			}
		}
		if (response.getCanceled()) {
			entry.sink.failed(new IllegalStateException("Watch not created: " + response.getCancelReason()));
		}
		else {
			entry.sink.created();
		}
	}

	private static WatchRequest cancel(long id) {
		return WatchRequest.newBuilder().setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(id)).build();
	}

	@Override
	public void onError(Throwable error) {
		end(error);
	}

	@Override
	public void onCompleted() {
		end(new IllegalStateException("The server ended the watch stream"));
	}

	private void end(Throwable error) {
		List<Entry> ended = new ArrayList<>();
		synchronized (this.lock) {
			this.failure = error;
			this.pending.stream().filter((entry) -> !entry.closed).forEach(ended::add);
			ended.addAll(this.active.values());
			this.pending.clear();
			this.active.clear();
		}
		ended.forEach((entry) -> entry.sink.failed(error));
	}

	/**
	 * One watch on the stream. Closing it sends a cancel once its id is known.
	 */
	final class Entry implements AutoCloseable {

		private final WatchSink sink;

		/** The server's id, -1 until created; guarded by the stream's lock. */
		private long id = -1;

		/** Guarded by the stream's lock. */
		private boolean closed;

		Entry(WatchSink sink) {
			this.sink = sink;
		}

		@Override
		public void close() {
			synchronized (RawWatchStream.this.lock) {
				if (this.closed) {
					return;
				}
				this.closed = true;
				if (this.id >= 0 && RawWatchStream.this.active.remove(this.id) != null
						&& RawWatchStream.this.failure == null) {
					requests().onNext(cancel(this.id));
				}
			}
		}

	}

}
