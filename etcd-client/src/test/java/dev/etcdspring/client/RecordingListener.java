package dev.etcdspring.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.watch.WatchEvent;
import dev.etcdspring.client.watch.WatchListener;
import dev.etcdspring.client.watch.WatchResponse;
import org.jspecify.annotations.Nullable;

/** Records what a watch delivers, and on which threads. */
public class RecordingListener implements WatchListener {

	public final List<WatchResponse> responses = new CopyOnWriteArrayList<>();

	public final List<WatchEvent> events = new CopyOnWriteArrayList<>();

	public final List<EtcdException> errors = new CopyOnWriteArrayList<>();

	public final List<String> threads = new CopyOnWriteArrayList<>();

	/** When each revision's event reached the listener (System.nanoTime). */
	public final java.util.Map<Long, Long> receivedAt = new java.util.concurrent.ConcurrentHashMap<>();

	private final AtomicInteger concurrent = new AtomicInteger();

	public volatile boolean overlapped;

	@Override
	public void onNext(WatchResponse response) {
		if (this.concurrent.incrementAndGet() > 1) {
			this.overlapped = true;
		}
		try {
			this.threads.add(Thread.currentThread().getName());
			this.responses.add(response);
			this.events.addAll(response.events());
			long now = System.nanoTime();
			response.events().forEach((e) -> this.receivedAt.putIfAbsent(e.revision(), now));
			handle(response);
		}
		finally {
			this.concurrent.decrementAndGet();
		}
	}

	/** Subclasses add behaviour (sleep, fail) here. */
	protected void handle(WatchResponse response) {
	}

	@Override
	public void onError(EtcdException error) {
		this.threads.add(Thread.currentThread().getName());
		this.errors.add(error);
	}

	public List<String> values() {
		return this.events.stream().map((e) -> e.kv().valueAsString()).toList();
	}

	public List<Long> revisions() {
		return this.events.stream().map(WatchEvent::revision).toList();
	}

	public @Nullable EtcdException error() {
		return this.errors.isEmpty() ? null : this.errors.get(0);
	}

}
