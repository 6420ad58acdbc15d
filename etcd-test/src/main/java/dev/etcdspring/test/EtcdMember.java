package dev.etcdspring.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * One etcd server process of an {@link EtcdCluster}, listening on 127.0.0.1.
 *
 * <p>
 * A member keeps its ports and data directory across {@link #stop()}, {@link #kill()} and
 * {@link #start()}, so a restarted member rejoins with its data, as a rebooted server
 * would. Thread-safe.
 */
public final class EtcdMember {

	private static final System.Logger log = System.getLogger(EtcdMember.class.getName());

	private final EtcdCluster cluster;

	private final String name;

	private final int clientPort;

	private final int peerPort;

	private final int peerListenPort;

	private final int metricsPort;

	private final Path directory;

	private final MemberHttp http;

	private @Nullable Process process;

	EtcdMember(EtcdCluster cluster, String name, int clientPort, int peerPort, int metricsPort, Path directory) {
		this(cluster, name, clientPort, peerPort, peerPort, metricsPort, directory);
	}

	EtcdMember(EtcdCluster cluster, String name, int clientPort, int peerPort, int peerListenPort, int metricsPort,
			Path directory) {
		this.cluster = cluster;
		this.name = name;
		this.clientPort = clientPort;
		this.peerPort = peerPort;
		this.peerListenPort = peerListenPort;
		this.metricsPort = metricsPort;
		this.directory = directory;
		this.http = new MemberHttp(name, metricsPort);
	}

	/**
	 * The member's name: {@code m0}, {@code m1} and so on.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The client URL, such as {@code http://127.0.0.1:23790} (or {@code https://} with
	 * TLS).
	 * @return the client endpoint
	 */
	public String clientEndpoint() {
		return this.cluster.clientScheme() + "://127.0.0.1:" + this.clientPort;
	}

	/**
	 * The client port on 127.0.0.1.
	 * @return the port
	 */
	public int clientPort() {
		return this.clientPort;
	}

	/**
	 * The peer URL other members reach this one at.
	 * @return the peer URL
	 */
	public String peerUrl() {
		return "http://127.0.0.1:" + this.peerPort;
	}

	/**
	 * The URL the process listens on for peers: the peer URL, unless a relay serves that
	 * one.
	 */
	String peerListenUrl() {
		return "http://127.0.0.1:" + this.peerListenPort;
	}

	/**
	 * The plain-HTTP URL serving {@code /health} and {@code /metrics}.
	 * @return the metrics URL
	 */
	public String metricsUrl() {
		return "http://127.0.0.1:" + this.metricsPort;
	}

	/**
	 * The member's data directory.
	 * @return the directory
	 */
	public Path dataDirectory() {
		return this.directory.resolve("data");
	}

	/**
	 * The file the process writes its log to (appended across restarts).
	 * @return the log file
	 */
	public Path logFile() {
		return this.directory.resolve("etcd.log");
	}

	/**
	 * The operating system process id, or -1 when the member is not running.
	 * @return the pid
	 */
	public synchronized long pid() {
		Process current = this.process;
		return (current != null && current.isAlive()) ? current.pid() : -1;
	}

	/**
	 * Whether the process is running.
	 * @return whether it is alive
	 */
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * Starts the stopped or killed member with its data and waits until it reports
	 * healthy (which needs a quorum of the cluster running).
	 * @return this member
	 */
	public EtcdMember start() {
		startProcess();
		awaitHealthy(this.cluster.startTimeout());
		this.cluster.started(this);
		return this;
	}

	/**
	 * Starts the member's process without waiting for it to become healthy, for members
	 * that cannot be healthy alone (a cluster that lost its quorum).
	 * @return this member
	 */
	public synchronized EtcdMember startWithoutWaiting() {
		startProcess();
		return this;
	}

	synchronized void startProcess() {
		if (isRunning()) {
			throw new IllegalStateException("Member " + this.name + " is already running");
		}
		try {
			Files.createDirectories(this.directory);
			List<String> command = new ArrayList<>();
			command.add(this.cluster.binary().path().toString());
			command.addAll(this.cluster.arguments(this));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
			Process started = builder.start();
			this.process = started;
			log.log(System.Logger.Level.DEBUG,
					() -> "Started etcd member " + this.name + " (pid " + started.pid() + ") at " + clientEndpoint());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start etcd member " + this.name, ex);
		}
	}

	/**
	 * Stops the member gracefully (SIGTERM), waiting up to 10 s before killing it.
	 * @return this member
	 */
	public synchronized EtcdMember stop() {
		Process current = this.process;
		if (current != null && current.isAlive()) {
			signal("CONT");
			current.destroy();
			try {
				if (!current.waitFor(10, TimeUnit.SECONDS)) {
					current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				current.destroyForcibly();
			}
		}
		return this;
	}

	/**
	 * Kills the member at once (SIGKILL), as a crash or power loss would.
	 * @return this member
	 */
	public synchronized EtcdMember kill() {
		Process current = this.process;
		if (current != null && current.isAlive()) {
			current.destroyForcibly();
			try {
				current.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return this;
	}

	/**
	 * Freezes the process (SIGSTOP): connections stay open and nothing answers, as with a
	 * member that hangs or a network that drops every packet. Returns once the kernel
	 * reports the process stopped (on Linux). {@link #resume()} thaws it.
	 * @return this member
	 */
	public synchronized EtcdMember pause() {
		signal("STOP");
		awaitStopped(true);
		return this;
	}

	/**
	 * Thaws a {@link #pause() paused} process (SIGCONT).
	 * @return this member
	 */
	public synchronized EtcdMember resume() {
		signal("CONT");
		awaitStopped(false);
		return this;
	}

	/**
	 * Waits up to 10 s until the kernel reports the process stopped, or no longer
	 * stopped.
	 */
	private void awaitStopped(boolean stopped) {
		Process current = this.process;
		if (current != null) {
			ProcessSignals.awaitStopped(current, stopped, this.name);
		}
	}

	private void signal(String name) {
		Process current = this.process;
		if (current == null || !current.isAlive()) {
			throw new IllegalStateException("Member " + this.name + " is not running");
		}
		ProcessSignals.send(current, name, this.name);
	}

	/**
	 * Waits until the member reports healthy on {@code /health} (it has a leader and
	 * answers).
	 * @param timeout how long to wait
	 * @return this member
	 * @throws IllegalStateException when the process died or the timeout passed, with the
	 * log's tail
	 */
	public EtcdMember awaitHealthy(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			Process current;
			synchronized (this) {
				current = this.process;
			}
			if (current == null || !current.isAlive()) {
				throw new MemberStartException(this,
						"Etcd member " + this.name + " is not running"
								+ ((current != null) ? " (exit code " + current.exitValue() + ")" : "")
								+ ". Log tail:\n" + logTail(30));
			}
			if (isHealthy()) {
				return this;
			}
			if (System.nanoTime() - deadline > 0) {
				throw new MemberStartException(this, "Etcd member " + this.name + " did not become healthy within "
						+ timeout + ". Log tail:\n" + logTail(30));
			}
			pause(50);
		}
	}

	/**
	 * Whether the member answers {@code /health} with {@code "health":"true"}.
	 * @return whether it is healthy now
	 */
	public boolean isHealthy() {
		return this.http.isHealthy();
	}

	/**
	 * Whether this member is the cluster's leader now, from its
	 * {@code etcd_server_is_leader} metric.
	 * @return whether it leads
	 */
	public boolean isLeader() {
		return this.http.isLeader();
	}

	/**
	 * The value of one Prometheus metric from the member's {@code /metrics}, summed over
	 * the series whose labels contain every given label text (such as
	 * {@code grpc_method="Watch"}).
	 * @param name the metric name, such as {@code grpc_server_started_total}
	 * @param labels label texts every counted series must contain
	 * @return the sum, 0 when no series matches
	 * @throws IllegalStateException when the member does not answer
	 */
	public double metric(String name, String... labels) {
		return this.http.metric(name, labels);
	}

	/**
	 * The last lines of the member's log, for failure messages.
	 * @param lines how many lines
	 * @return the lines, or a note that there is no log
	 */
	public String logTail(int lines) {
		try {
			List<String> all = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(no log at " + logFile() + ")";
		}
	}

	static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for etcd", ex);
		}
	}

	@Override
	public String toString() {
		return "EtcdMember[" + this.name + " " + clientEndpoint() + (isRunning() ? "" : " (stopped)") + "]";
	}

}
