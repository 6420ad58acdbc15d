package dev.etcdspring.boot.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.maintenance.Alarm;
import dev.etcdspring.client.maintenance.MemberStatus;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the etcd cluster as the client sees it: UP when a member answers, knows a leader, and
 * no alarm is raised; DOWN otherwise. Details: each endpoint's member id, version, database size
 * and errors, the leader's id, and raised alarms. Each check asks every endpoint once, bounded by a
 * timeout.
 */
public class EtcdHealthIndicator extends AbstractHealthIndicator {

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	private final EtcdClient client;

	/**
	 * An indicator for the client's cluster.
	 * @param client the client
	 */
	public EtcdHealthIndicator(EtcdClient client) {
		super("etcd health check failed");
		this.client = client;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		// one snapshot of the list (auto-sync may change it) and one deadline for all members
		List<String> urls = this.client.endpoints();
		List<CompletableFuture<MemberStatus>> statuses = urls.stream()
			.map((endpoint) -> this.client.maintenance().status(endpoint))
			.toList();
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		Map<String, Object> endpoints = new LinkedHashMap<>();
		long leader = 0;
		for (int i = 0; i < statuses.size(); i++) {
			String endpoint = urls.get(i);
			try {
				MemberStatus status = statuses.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				leader = (status.leader() != 0) ? status.leader() : leader;
				Map<String, Object> member = new LinkedHashMap<>();
				member.put("memberId", Long.toHexString(status.header().memberId()));
				member.put("version", status.version());
				member.put("dbSize", status.dbSize());
				member.put("leader", status.isLeader());
				if (!status.errors().isEmpty()) {
					member.put("errors", status.errors());
				}
				endpoints.put(endpoint, member);
			}
			catch (Exception ex) {
				statuses.get(i).cancel(true);
				Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
				endpoints.put(endpoint, Map.of("error", String.valueOf(cause.getMessage())));
			}
		}
		builder.withDetail("endpoints", endpoints);
		if (leader == 0) {
			builder.down().withDetail("reason", "no member answered with a leader");
			return;
		}
		builder.withDetail("leader", Long.toHexString(leader));
		List<Alarm> alarms = this.client.maintenance().alarms().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		if (!alarms.isEmpty()) {
			builder.down()
				.withDetail("alarms", alarms.stream().map((a) -> a.type() + " on " + Long.toHexString(a.memberId())).toList());
			return;
		}
		builder.up();
	}

}
