package dev.etcdspring.boot.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.etcdspring.client.maintenance.MemberStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;

/**
 * Turns what each endpoint answered (or why it did not) into a health: the rules and the
 * details of {@link EtcdHealthIndicator}, apart from the calls. Not thread-safe; one per
 * check.
 */
final class ClusterHealth {

	/** Alarms that stop the cluster from serving writes, or mean its data is damaged. */
	private static final Set<String> FATAL_ALARMS = Set.of("NOSPACE", "CORRUPT");

	/**
	 * An alarm in a member's status errors, as etcd writes it:
	 * {@code memberID:123 alarm:NOSPACE}.
	 */
	private static final Pattern ALARM = Pattern.compile("memberID:(\\d+)\\s+alarm:(\\w+)");

	private static final String NO_LEADER = "etcdserver: no leader";

	private final Map<String, MemberStatus> answers = new LinkedHashMap<>();

	private final Map<String, String> failures = new LinkedHashMap<>();

	private final List<String> endpoints = new ArrayList<>();

	void answered(String endpoint, MemberStatus status) {
		this.endpoints.add(endpoint);
		this.answers.put(endpoint, status);
	}

	void failed(String endpoint, String error) {
		this.endpoints.add(endpoint);
		this.failures.put(endpoint, error);
	}

	/**
	 * The health, with every detail.
	 * @param builder the builder to fill
	 * @param timeout the check's bound, for messages
	 */
	void describe(Health.Builder builder, Duration timeout) {
		builder.withDetail("endpoints", endpointDetails());
		if (this.answers.isEmpty()) {
			builder.down()
				.withDetail("reason", "No etcd endpoint answered within " + format(timeout) + " (asked "
						+ this.endpoints.size() + ")");
			return;
		}
		MemberStatus newest = this.answers.values()
			.stream()
			.max(Comparator.comparingLong((MemberStatus s) -> s.header().raftTerm())
				.thenComparingLong((s) -> s.header().revision()))
			.orElseThrow();
		builder.withDetail("clusterId", hex(newest.header().clusterId()))
			.withDetail("revision",
					this.answers.values().stream().mapToLong((s) -> s.header().revision()).max().orElse(0));
		Set<String> alarms = alarms();
		if (!alarms.isEmpty()) {
			builder.withDetail("alarms", List.copyOf(alarms));
		}
		String fatal = alarms.stream()
			.filter((alarm) -> FATAL_ALARMS.contains(alarm.substring(0, alarm.indexOf(' '))))
			.findFirst()
			.orElse(null);
		if (fatal != null) {
			builder.down()
				.withDetail("reason",
						"Alarm " + fatal + " is raised: "
								+ (fatal.startsWith("NOSPACE")
										? "the database is full and the cluster accepts no writes "
												+ "(compact, defragment, then disarm the alarm)"
										: "a member's data is corrupt; the cluster accepts no writes"));
			return;
		}
		int asked = this.endpoints.size();
		if (asked > 1 && this.answers.size() * 2 <= asked) {
			builder.down()
				.withDetail("reason", this.answers.size() + " of " + asked + " endpoints answered: a majority is "
						+ "needed for quorum; not answering: " + this.failures.keySet());
			return;
		}
		long leader = newest.errors().contains(NO_LEADER) ? 0 : newest.leader();
		if (leader == 0) {
			builder.down()
				.withDetail("reason", "No member that answered knows a leader: an election is going on or quorum is "
						+ "lost, and the cluster serves no writes");
			return;
		}
		String leaderEndpoint = endpointOf(leader);
		if (leaderEndpoint == null && !this.failures.isEmpty()) {
			builder.down()
				.withDetail("reason", "The leader " + hex(leader) + " that " + newest.endpoint()
						+ " names does not answer; a new leader is elected within the election timeout");
			return;
		}
		Map<String, Object> leaderDetail = new LinkedHashMap<>();
		leaderDetail.put("memberId", hex(leader));
		if (leaderEndpoint != null) {
			leaderDetail.put("endpoint", leaderEndpoint);
		}
		builder.withDetail("leader", leaderDetail);
		builder.up();
		if (!this.failures.isEmpty()) {
			builder.withDetail("degraded", true)
				.withDetail("reason", this.failures.size() + " of " + asked + " endpoints do not answer "
						+ this.failures.keySet() + "; quorum holds and the cluster serves requests");
		}
	}

	private Map<String, Object> endpointDetails() {
		Map<String, Object> details = new LinkedHashMap<>();
		for (String endpoint : this.endpoints) {
			MemberStatus status = this.answers.get(endpoint);
			Map<String, Object> member = new LinkedHashMap<>();
			if (status == null) {
				member.put("reachable", false);
				member.put("error", this.failures.get(endpoint));
			}
			else {
				member.put("reachable", true);
				member.put("memberId", hex(status.header().memberId()));
				member.put("version", status.version());
				member.put("leader", status.isLeader());
				member.put("raftTerm", status.raftTerm());
				member.put("dbSize", status.dbSize());
				if (status.learner()) {
					member.put("learner", true);
				}
				if (!status.errors().isEmpty()) {
					member.put("errors", status.errors());
				}
			}
			details.put(endpoint, member);
		}
		return details;
	}

	/** Alarms as the answering members report them, "TYPE on member ID", each once. */
	private Set<String> alarms() {
		Set<String> alarms = new LinkedHashSet<>();
		for (MemberStatus status : this.answers.values()) {
			for (String error : status.errors()) {
				Matcher matcher = ALARM.matcher(error);
				while (matcher.find()) {
					alarms.add(matcher.group(2) + " on member " + hex(Long.parseUnsignedLong(matcher.group(1))));
				}
			}
		}
		return alarms;
	}

	private @Nullable String endpointOf(long memberId) {
		for (Map.Entry<String, MemberStatus> entry : this.answers.entrySet()) {
			if (entry.getValue().header().memberId() == memberId) {
				return entry.getKey();
			}
		}
		return null;
	}

	private static String hex(long id) {
		return Long.toHexString(id);
	}

	static String format(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + " s" : millis + " ms";
	}

}
