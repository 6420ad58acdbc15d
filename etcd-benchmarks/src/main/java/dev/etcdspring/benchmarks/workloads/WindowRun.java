package dev.etcdspring.benchmarks.workloads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A {@link MeasuredRun} whose load is a fixed number of workers (request chains, caller
 * threads) that call again and again until told to stop: a warm-up and a measured window
 * of given lengths, then a drain. A call counts when it completes inside the window; the
 * CPU time is read at the window's edges, so in a steady state the calls straddling
 * either edge balance out. Each worker counts into a {@link Tally} of its own, and the
 * run adds them up into the window's {@link Outcome}.
 *
 * <p>
 * Bounded: in time (workers stop past twice the warm-up and window plus 5 s) and in count
 * (each worker sends at most its share of the run's maximum); the drain waits
 * {@link #DRAIN_TIMEOUT} at most.
 *
 * @param <R> the result record
 */
abstract class WindowRun<R> extends MeasuredRun<R> {

	/** Longest the workers may take to return after the window. */
	static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

	private final int workers;

	private final Duration warmup;

	private final Duration window;

	private final long maxCallsPerWorker;

	private final CountDownLatch done;

	private final List<Tally> tallies = new ArrayList<>();

	private volatile long hardDeadline;

	/**
	 * A run.
	 * @param meters where its counters come from
	 * @param workers workers, so calls in flight
	 * @param warmup time before the window
	 * @param window the measured time
	 * @param maxOps at most this many calls in all
	 */
	WindowRun(Meters meters, int workers, Duration warmup, Duration window, long maxOps) {
		super(meters);
		this.workers = workers;
		this.warmup = warmup;
		this.window = window;
		this.maxCallsPerWorker = Math.max(1, maxOps / workers);
		this.done = new CountDownLatch(workers);
	}

	@Override
	final void warmUp() throws InterruptedException {
		this.hardDeadline = System.nanoTime() + this.warmup.plus(this.window).multipliedBy(2).plusSeconds(5).toNanos();
		startWorkers();
		this.done.await(this.warmup.toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	final void measure() throws InterruptedException {
		this.done.await(this.window.toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	final void windDown() throws InterruptedException {
		if (!this.done.await(DRAIN_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
			throw new IllegalStateException(this.done.getCount() + " of " + this.workers + " " + describe()
					+ " did not return within " + DRAIN_TIMEOUT + " after the window");
		}
	}

	@Override
	final R result(Usage usage) {
		return result(usage, Tally.sum(this.tallies, error()));
	}

	/**
	 * Starts the workers. Each makes its {@link #tally()} first, calls until
	 * {@link #shouldStop}, passing each call to {@link #count}, and then calls
	 * {@link #workerDone()} once.
	 */
	abstract void startWorkers();

	/**
	 * What the workers do, for the timeout message.
	 * @return such as {@code "ours requests of put"}
	 */
	abstract String describe();

	/**
	 * The result.
	 * @param usage what the meters counted over the window
	 * @param outcome what the calls completed in the window came to
	 * @return the result
	 */
	abstract R result(Usage usage, Outcome outcome);

	/**
	 * A new worker's tally. Called before the workers start.
	 * @return the tally, which the worker alone touches
	 */
	final Tally tally() {
		Tally tally = new Tally();
		this.tallies.add(tally);
		return tally;
	}

	/**
	 * Whether a worker should stop: the window is over, its share of calls is sent, or
	 * the hard deadline passed.
	 * @param sent calls the worker has sent
	 * @return whether to stop
	 */
	final boolean shouldStop(long sent) {
		return stopping() || sent >= this.maxCallsPerWorker || System.nanoTime() - this.hardDeadline > 0;
	}

	/**
	 * One call completed: counted when inside the window, its failure noted in any case.
	 * @param tally the worker's tally
	 * @param startNanos {@link System#nanoTime()} right before the call
	 * @param expected whether its answer was the expected one
	 * @param error why it failed, or null
	 */
	final void count(Tally tally, long startNanos, boolean expected, @Nullable Throwable error) {
		long elapsed = System.nanoTime() - startNanos;
		if (error != null) {
			fail(error.toString());
		}
		if (measuring()) {
			tally.add(elapsed, expected, error != null);
		}
	}

	/**
	 * A worker has returned, with no call in flight.
	 */
	final void workerDone() {
		this.done.countDown();
	}

}
