package dev.etcdspring.listener;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import dev.etcdspring.client.watch.WatchEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Calls a container's listener, one event or one batch at a time, with retries paced by
 * the back-off and the error handler's verdict at the end. Runs on the container's
 * delivery thread.
 */
final class ListenerInvoker {

	private static final Log logger = LogFactory.getLog(ListenerInvoker.class);

	private final EtcdWatchContainer container;

	private final DeliveryLane lane;

	private final BackOff backOff;

	private final EtcdWatchErrorHandler errorHandler;

	private final Set<WatchEvent.Type> types;

	private final @Nullable EtcdWatchListener listener;

	private final @Nullable EtcdWatchBatchListener batchListener;

	ListenerInvoker(EtcdWatchContainer container, DeliveryLane lane, BackOff backOff,
			EtcdWatchErrorHandler errorHandler) {
		this.container = container;
		this.lane = lane;
		this.backOff = backOff;
		this.errorHandler = errorHandler;
		this.types = container.getEndpoint().getTypes();
		this.listener = container.getEndpoint().getListener();
		this.batchListener = container.getEndpoint().getBatchListener();
	}

	EtcdWatchErrorHandler errorHandler() {
		return this.errorHandler;
	}

	/**
	 * Delivers the events of the listener's types: each alone, or all as one batch.
	 * @param epoch the container's run
	 * @param events the events, in revision order
	 * @param done called for each event once it is delivered (or left out by the type
	 * filter)
	 * @return whether all were done; false when the run ended first
	 */
	boolean deliver(int epoch, List<WatchEvent> events, Consumer<WatchEvent> done) {
		if (this.batchListener != null) {
			List<WatchEvent> selected = new ArrayList<>(events.size());
			for (WatchEvent event : events) {
				if (this.types.contains(event.type())) {
					selected.add(event);
				}
			}
			if (!selected.isEmpty() && !invoke(epoch, selected)) {
				return false;
			}
			events.forEach(done);
			return true;
		}
		for (WatchEvent event : events) {
			if (this.types.contains(event.type()) && !invoke(epoch, List.of(event))) {
				return false;
			}
			done.accept(event);
		}
		return true;
	}

	/**
	 * Errors (not exceptions) are not retried: they stop the container, through the lane.
	 */
	private boolean invoke(int epoch, List<WatchEvent> events) {
		BackOffExecution execution = null;
		EtcdWatchRecorder recorder = this.container.getRecorder();
		while (this.lane.isCurrent(epoch)) {
			Exception failure;
			long start = System.nanoTime();
			try {
				call(events);
				recorder.delivered(this.container, events.size(), System.nanoTime() - start);
				return true;
			}
			catch (Exception ex) {
				failure = ex;
				recorder.failed(this.container, events.size(), System.nanoTime() - start, ex);
			}
			if (execution == null) {
				execution = this.backOff.start();
			}
			long pause = execution.nextBackOff();
			if (pause == BackOffExecution.STOP) {
				recorder.exhausted(this.container, failure);
				return handle(epoch, failure, events);
			}
			recorder.retrying(this.container, pause);
			if (logger.isDebugEnabled()) {
				logger.debug(
						"etcd listener '" + this.container.getId() + "' failed for "
								+ LoggingEtcdWatchErrorHandler.describe(events) + "; trying again in " + pause + " ms",
						failure);
			}
			if (!this.lane.pause(epoch, pause)) {
				return false;
			}
		}
		return false;
	}

	private void call(List<WatchEvent> events) throws Exception {
		if (this.batchListener != null) {
			this.batchListener.onEvents(events);
		}
		else if (this.listener != null) {
			this.listener.onEvent(events.get(0));
		}
	}

	private boolean handle(int epoch, Exception failure, List<WatchEvent> events) {
		try {
			this.errorHandler.handleListenerError(failure, events, this.container);
			return true;
		}
		catch (Exception ex) {
			if (ex != failure) {
				ex.addSuppressed(failure);
			}
			this.container.fail(epoch, ex);
			return false;
		}
	}

}
