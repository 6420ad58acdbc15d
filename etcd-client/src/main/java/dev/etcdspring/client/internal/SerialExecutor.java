package dev.etcdspring.client.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on a delegate executor: listener calls
 * that must not overlap or reorder, without a thread of their own. A failing task is
 * logged and does not stop the ones after it.
 */
final class SerialExecutor implements Executor {

	private static final System.Logger log = System.getLogger(SerialExecutor.class.getName());

	private final Executor delegate;

	private final ArrayDeque<Runnable> tasks = new ArrayDeque<>(2);

	private boolean running;

	SerialExecutor(Executor delegate) {
		this.delegate = delegate;
	}

	@Override
	public void execute(Runnable task) {
		synchronized (this) {
			this.tasks.add(task);
			if (this.running) {
				return;
			}
			this.running = true;
		}
		this.delegate.execute(this::drain);
	}

	private void drain() {
		while (true) {
			Runnable next;
			synchronized (this) {
				next = this.tasks.poll();
				if (next == null) {
					this.running = false;
					return;
				}
			}
			try {
				next.run();
			}
			catch (RuntimeException | Error ex) {
				log.log(System.Logger.Level.WARNING, "A listener failed", ex);
			}
		}
	}

}
