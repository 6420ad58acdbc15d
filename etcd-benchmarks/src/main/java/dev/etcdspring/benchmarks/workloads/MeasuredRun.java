package dev.etcdspring.benchmarks.workloads;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The template of every measurement a worker makes, so that all of them stage their load,
 * read their meters and report failures alike. {@link #run()} calls, in order:
 * <ol>
 * <li>{@link #prepare()}: what must exist before the first meter reading (a watch, the
 * keys, a heap reading); it may give up, and the result is then {@link #failed};</li>
 * <li>{@link #warmUp()}: the load starts and runs unmeasured, if the run has a
 * warm-up;</li>
 * <li>the first meter reading, then {@link #measure()}: the measured stretch, while
 * {@link #measuring()} holds, until its work is done or its time is up;</li>
 * <li>the second meter reading, then {@link #windDown()}: the load stops
 * ({@link #stopping()}) and drains, and what must be read after the stretch is read;</li>
 * <li>{@link #result(Usage)}: the result record, from the meters' {@link Usage} over the
 * stretch, the run's own counters, and the first failure noted anywhere ({@link #fail},
 * {@link #error()}).</li>
 * </ol>
 * {@link #close()} runs last, whatever happened. One instance per run: the stages run on
 * the calling thread, while the load's own threads read the phase and note failures.
 *
 * @param <R> the result record
 */
abstract class MeasuredRun<R> {

	private final Meters meters;

	private final AtomicReference<String> firstError = new AtomicReference<>("");

	private volatile Phase phase = Phase.WARM_UP;

	/**
	 * A run.
	 * @param meters where its counters come from
	 */
	MeasuredRun(Meters meters) {
		this.meters = meters;
	}

	/**
	 * Runs the stages.
	 * @return the result
	 * @throws InterruptedException if interrupted while waiting
	 */
	final R run() throws InterruptedException {
		try {
			if (!prepare()) {
				return failed(error());
			}
			warmUp();
			Usage usage = measured();
			windDown();
			return result(usage);
		}
		finally {
			close();
		}
	}

	/**
	 * The measured stretch between the two readings, in a frame of its own: the readings
	 * are garbage once it returns.
	 */
	private Usage measured() throws InterruptedException {
		Meters.Snapshot start = this.meters.snapshot();
		this.phase = Phase.MEASURE;
		try {
			measure();
		}
		finally {
			this.phase = Phase.STOP;
		}
		return this.meters.snapshot().since(start);
	}

	/**
	 * Makes what must exist before the first meter reading. Nothing by default.
	 * @return false to give up: the run's result is then {@link #failed} with the first
	 * failure noted
	 * @throws InterruptedException if interrupted while waiting
	 */
	boolean prepare() throws InterruptedException {
		return true;
	}

	/**
	 * Starts the load and lets it run unmeasured. Nothing by default: the load starts in
	 * {@link #measure()}.
	 * @throws InterruptedException if interrupted while waiting
	 */
	void warmUp() throws InterruptedException {
	}

	/**
	 * The measured stretch: returns when it is over.
	 * @throws InterruptedException if interrupted while waiting
	 */
	abstract void measure() throws InterruptedException;

	/**
	 * After the second reading: lets the load drain, reads what comes after the stretch.
	 * Nothing by default.
	 * @throws InterruptedException if interrupted while waiting
	 */
	void windDown() throws InterruptedException {
	}

	/**
	 * The result of a run that went through its stages.
	 * @param usage what the meters counted over the measured stretch
	 * @return the result
	 */
	abstract R result(Usage usage);

	/**
	 * The result of a run that gave up in {@link #prepare()}. Only runs that can give up
	 * implement it.
	 * @param error why
	 * @return the result
	 */
	R failed(String error) {
		throw new IllegalStateException(error);
	}

	/**
	 * Releases what the run opened. Runs last, whatever happened; nothing by default.
	 */
	void close() {
	}

	/**
	 * The meters the run reads, for readings of its own.
	 * @return the meters
	 */
	final Meters meters() {
		return this.meters;
	}

	/**
	 * Whether the measured stretch is on: what completes now counts.
	 * @return whether the run is measuring
	 */
	final boolean measuring() {
		return this.phase == Phase.MEASURE;
	}

	/**
	 * Whether the measured stretch is over: the load should stop.
	 * @return whether the run is stopping
	 */
	final boolean stopping() {
		return this.phase == Phase.STOP;
	}

	/**
	 * Notes a failure; the first one noted is the run's {@link #error()}. Any thread may
	 * call it.
	 * @param error what went wrong
	 */
	final void fail(String error) {
		this.firstError.compareAndSet("", error);
	}

	/**
	 * The first failure noted.
	 * @return its description, or empty
	 */
	final String error() {
		return this.firstError.get();
	}

	/** Where a run is. */
	private enum Phase {

		/** Before the measured stretch. */
		WARM_UP,

		/** In the measured stretch. */
		MEASURE,

		/** After it. */
		STOP

	}

}
