package dev.etcdspring.benchmarks.workloads;

/**
 * One measured window of synchronous calls from a fixed number of threads, through
 * {@code EtcdTemplate} or through our client directly. Travels from worker to coordinator
 * as one line of JSON.
 *
 * @param op {@code put} or {@code get}
 * @param mode {@code bare} (the client's future, joined) or {@code template}
 * @param threads caller threads, each blocking on its call
 * @param usage what the meters counted over the window
 * @param outcome what the calls completed in the window came to
 */
public record TemplateResult(String op, String mode, int threads, Usage usage, Outcome outcome) {

	/**
	 * A window that produced no figures.
	 * @param op the op
	 * @param mode the mode
	 * @param threads caller threads
	 * @param error what went wrong
	 * @return the result
	 */
	public static TemplateResult failed(String op, String mode, int threads, String error) {
		return new TemplateResult(op, mode, threads, Usage.NONE, Outcome.failed(error));
	}

}
