package dev.etcdspring.boot.health;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.error.RequestTimeoutException;
import dev.etcdspring.client.maintenance.MaintenanceClient;
import dev.etcdspring.client.maintenance.MemberStatus;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the etcd cluster as one client sees it. Each check asks every endpoint of the
 * client for its status, all at once, and waits for the answers up to one timeout
 * ({@value #DEFAULT_TIMEOUT_MILLIS} ms by default, well under Spring Boot's
 * slow-indicator warning); calls still running then are cancelled, so a frozen member
 * costs the timeout and leaves nothing behind. Alarms and the leader come from the
 * members that answered (a frozen member is never asked alone).
 *
 * <ul>
 * <li>UP: a majority of the endpoints answered, one of them knows a leader that answers
 * (or that is not among the endpoints, all of which answered), and no NOSPACE or CORRUPT
 * alarm is raised. When some endpoints do not answer, the health is UP with
 * {@code degraded: true} and a {@code reason} naming them: quorum holds, the cluster
 * serves requests, an operator should look.</li>
 * <li>DOWN: no endpoint answered; half of them or more did not (quorum is likely lost);
 * no member that answered knows a leader; the leader they name does not answer; or a
 * NOSPACE or CORRUPT alarm is raised. The {@code reason} says which, in a sentence.</li>
 * </ul>
 *
 * Details: per endpoint, {@code reachable} and either the {@code error} (a sentence) or
 * the member id, version, leader flag, raft term and database size; the cluster id, the
 * leader (member id and endpoint), the highest revision, raised alarms. Nothing in them
 * is a credential or a token. Thread-safe.
 */
public class EtcdHealthIndicator extends AbstractHealthIndicator {

	/** The default bound of one check, in milliseconds. */
	public static final long DEFAULT_TIMEOUT_MILLIS = 2000;

	private static final Duration CALL_SLACK = Duration.ofMillis(500);

	private final EtcdClient client;

	private final Duration timeout;

	/**
	 * An indicator for the client's cluster, bounded by the default timeout.
	 * @param client the client
	 */
	public EtcdHealthIndicator(EtcdClient client) {
		this(client, Duration.ofMillis(DEFAULT_TIMEOUT_MILLIS));
	}

	/**
	 * An indicator for the client's cluster.
	 * @param client the client
	 * @param timeout how long one check waits for the endpoints' answers
	 */
	public EtcdHealthIndicator(EtcdClient client, Duration timeout) {
		super("etcd health check failed");
		this.client = Objects.requireNonNull(client, "client");
		this.timeout = Objects.requireNonNull(timeout, "timeout");
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		// one snapshot of the list (auto-sync may change it) and one deadline for all
		// members
		List<String> urls = this.client.endpoints();
		// the calls' own deadline is a little later than the wait: what ends them is the
		// cancellation
		MaintenanceClient maintenance = this.client.maintenance().withTimeout(this.timeout.plus(CALL_SLACK));
		long deadline = System.nanoTime() + this.timeout.toNanos();
		List<CompletableFuture<MemberStatus>> calls = urls.stream().map(maintenance::status).toList();
		ClusterHealth health = new ClusterHealth();
		try {
			for (int i = 0; i < calls.size(); i++) {
				collect(health, urls.get(i), calls.get(i), deadline);
			}
		}
		finally {
			// none is left running: not past the deadline, nor when this thread is
			// interrupted
			calls.forEach((call) -> call.cancel(true));
		}
		health.describe(builder, this.timeout);
	}

	private void collect(ClusterHealth health, String endpoint, CompletableFuture<MemberStatus> call, long deadline)
			throws InterruptedException {
		try {
			health.answered(endpoint, call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
		}
		catch (TimeoutException | CancellationException ex) {
			health.failed(endpoint, noAnswer());
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			health.failed(endpoint, (cause instanceof RequestTimeoutException) ? noAnswer() : sentence(cause));
		}
	}

	private String noAnswer() {
		return "No answer within " + ClusterHealth.format(this.timeout)
				+ ": the member may be stopped, frozen, overloaded or cut off";
	}

	private String sentence(Throwable error) {
		Throwable cause = (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
		String message = cause.getMessage();
		if (message == null || message.isBlank()) {
			return "The status call failed with " + cause.getClass().getSimpleName();
		}
		return message;
	}

}
