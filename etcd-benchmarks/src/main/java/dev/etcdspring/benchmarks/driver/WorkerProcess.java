package dev.etcdspring.benchmarks.driver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.benchmarks.clients.ClientKind;
import dev.etcdspring.benchmarks.workloads.Measurements;
import dev.etcdspring.benchmarks.workloads.RunResult;
import dev.etcdspring.benchmarks.workloads.TemplateResult;
import dev.etcdspring.benchmarks.workloads.WatchScaleResult;
import dev.etcdspring.benchmarks.workloads.WatchThroughputResult;
import dev.etcdspring.benchmarks.workloads.WorkloadKind;

/**
 * The coordinator's handle on one worker JVM ({@link WorkerMain}): forks it with fixed
 * JVM flags, sends it commands and waits, with a timeout, for its answers.
 */
final class WorkerProcess implements AutoCloseable {

	/**
	 * Flags of every worker JVM: a fixed heap, so that the heap size does not drift
	 * between clients.
	 */
	static final List<String> JVM_FLAGS = List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC", "-XX:+AlwaysPreTouch",
			// compiler threads that never end: Meters reads their CPU time
			"-XX:-UseDynamicNumberOfCompilerThreads");

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	/**
	 * Beyond warm-up and window: the worker's own drain timeout (30 s) and some slack.
	 */
	private static final Duration RUN_SLACK = Duration.ofSeconds(60);

	private static final String EOF = "eof";

	private final ClientKind kind;

	private final Process process;

	private final PrintStream commands;

	private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

	private final List<String> libraries;

	private WorkerProcess(ClientKind kind, Process process) throws InterruptedException {
		this.kind = kind;
		this.process = process;
		this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
		Thread reader = new Thread(this::readReplies, "worker-" + kind.id() + "-stdout");
		reader.setDaemon(true);
		reader.start();
		String ready = await("ready", START_TIMEOUT);
		this.libraries = List.of(ready.split(","));
	}

	/**
	 * Forks a worker and waits until its client is connected.
	 * @param kind the client it runs
	 * @param classpath the worker's class path
	 * @param arguments the worker's options besides {@code --client}
	 * @return the ready worker
	 * @throws IOException if the JVM cannot be started
	 * @throws InterruptedException if interrupted while waiting
	 */
	static WorkerProcess start(ClientKind kind, String classpath, List<String> arguments)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(JVM_FLAGS);
		// extra flags for profiling, such as -XX:StartFlightRecording=…; %c in them
		// becomes the client id
		String extra = System.getenv("BENCH_WORKER_JVM_ARGS");
		if (extra != null && !extra.isBlank()) {
			for (String flag : extra.strip().split("\\s+")) {
				command.add(flag.replace("%c", kind.id()));
			}
		}
		command.add("-cp");
		command.add(classpath);
		command.add(WorkerMain.class.getName());
		command.add("--client=" + kind.id());
		command.addAll(arguments);
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		try {
			return new WorkerProcess(kind, process);
		}
		catch (RuntimeException | InterruptedException ex) {
			process.destroyForcibly();
			throw ex;
		}
	}

	/**
	 * The library jars the worker's client runs on.
	 * @return jar names with versions
	 */
	List<String> libraries() {
		return this.libraries;
	}

	/**
	 * Runs one workload and returns its window's counters.
	 * @param workload the workload
	 * @param inFlight requests in flight
	 * @param warmup warm-up time
	 * @param window measured time
	 * @return the result
	 * @throws InterruptedException if interrupted while waiting
	 */
	RunResult run(WorkloadKind workload, int inFlight, Duration warmup, Duration window) throws InterruptedException {
		this.commands
			.println("run " + workload.id() + " " + inFlight + " " + warmup.toMillis() + " " + window.toMillis());
		return Protocol.decode(await("result", warmup.plus(window).plus(RUN_SLACK)), RunResult.class);
	}

	/**
	 * Runs one watch-throughput measurement ({@link Measurements#watchThroughput}).
	 * @param events keys to put
	 * @param writers puts in flight
	 * @param label unique per run of this worker, part of the keys' prefix
	 * @return the result
	 * @throws InterruptedException if interrupted while waiting
	 */
	WatchThroughputResult watchThroughput(int events, int writers, String label) throws InterruptedException {
		this.commands.println("watch " + events + " " + writers + " " + label);
		return Protocol.decode(await("watch-result", Measurements.WATCH_THROUGHPUT_TIMEOUT.plus(RUN_SLACK)),
				WatchThroughputResult.class);
	}

	/**
	 * Runs one watch-scale measurement ({@link Measurements#watchScale}).
	 * @param watches watches to open
	 * @param probes keys to put for the delivery check
	 * @param label unique per run of this worker, part of the keys' prefix
	 * @return the result
	 * @throws InterruptedException if interrupted while waiting
	 */
	WatchScaleResult watchScale(int watches, int probes, String label) throws InterruptedException {
		this.commands.println("watch-scale " + watches + " " + probes + " " + label);
		return Protocol.decode(await("scale-result", Measurements.WATCH_SCALE_TIMEOUT.plus(RUN_SLACK).plus(RUN_SLACK)),
				WatchScaleResult.class);
	}

	/**
	 * Runs one window of the template part ({@link Measurements#template}); the ours
	 * worker only.
	 * @param op {@code put} or {@code get}
	 * @param mode {@code bare} or {@code template}
	 * @param threads caller threads
	 * @param warmup warm-up time
	 * @param window measured time
	 * @return the result
	 * @throws InterruptedException if interrupted while waiting
	 */
	TemplateResult template(String op, String mode, int threads, Duration warmup, Duration window)
			throws InterruptedException {
		this.commands
			.println("template " + op + " " + mode + " " + threads + " " + warmup.toMillis() + " " + window.toMillis());
		return Protocol.decode(await("template-result", warmup.plus(window).plus(RUN_SLACK)), TemplateResult.class);
	}

	private String await(String expected, Duration timeout) throws InterruptedException {
		String reply = this.replies.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
		if (reply == null) {
			throw new IllegalStateException("The " + this.kind.id() + " worker did not answer within " + timeout);
		}
		int space = reply.indexOf(' ');
		String verb = (space < 0) ? reply : reply.substring(0, space);
		String rest = (space < 0) ? "" : reply.substring(space + 1);
		if (verb.equals("failed")) {
			throw new FailedException("The " + this.kind.id() + " worker failed: " + rest);
		}
		if (!verb.equals(expected)) {
			throw new IllegalStateException("The " + this.kind.id() + " worker answered '" + verb + " " + rest
					+ "' instead of '" + expected + "' (its output is above)");
		}
		return rest;
	}

	/**
	 * Passes protocol lines to the queue and everything else to standard error: what the
	 * JVM itself prints (with diagnostic flags) goes to the same pipe, and may even
	 * precede a reply on its line.
	 */
	private void readReplies() {
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = output.readLine(); line != null; line = output.readLine()) {
				int marker = line.indexOf(Protocol.PREFIX);
				if (marker > 0) {
					System.err.println("[" + this.kind.id() + "] " + line.substring(0, marker));
				}
				if (marker >= 0) {
					this.replies.add(line.substring(marker + Protocol.PREFIX.length()));
				}
				else {
					System.err.println("[" + this.kind.id() + "] " + line);
				}
			}
		}
		catch (IOException ex) {
			System.err.println("[" + this.kind.id() + "] output lost: " + ex);
		}
		this.replies.add(EOF);
	}

	/**
	 * Asks the worker to quit, and kills it if it does not within 15 seconds.
	 */
	@Override
	public void close() {
		this.commands.println("quit");
		this.commands.close();
		try {
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The worker answered a command with {@code failed}: it reported the failure and is
	 * ready for the next command.
	 */
	static final class FailedException extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		FailedException(String message) {
			super(message);
		}

	}

}
