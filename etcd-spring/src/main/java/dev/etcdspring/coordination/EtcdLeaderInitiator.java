package dev.etcdspring.coordination;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyValue;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * Leader election over etcd's Election service, as a {@link SmartLifecycle}: when the
 * application context starts, the initiator campaigns for its role with an etcd session
 * of its own; among all the initiators of a role (across processes) one leads at a time,
 * the one that campaigned first, until it stops,
 * {@linkplain LeaderContext#yieldLeadership() yields} or loses its session. Then the next
 * candidate in line leads, at once after a stop or a yield, within the session TTL after
 * a crash.
 *
 * <p>
 * Leadership changes are published as application events, on the initiator's own thread,
 * one at a time and in order: Spring Integration's {@code OnGrantedEvent} and
 * {@code OnRevokedEvent} when it is present (so that its
 * {@code SmartLifecycleRoleController} starts and stops the endpoints of the role), this
 * package's {@link LeadershipGrantedEvent} and {@link LeadershipRevokedEvent} otherwise.
 * {@link #isLeader()} turns false as soon as the session is lost, before the revoked
 * event. After a lost session the initiator campaigns again with a new one; after other
 * failures it retries at the {@linkplain #setRetryInterval(Duration) retry interval}.
 * {@link #getLeader()} says who leads: the candidate id of the leader, whichever process
 * it is in.
 *
 * <p>
 * In etcd the election is the key prefix {@code <prefix><role>/} ({@link #DEFAULT_PREFIX}
 * unless set); a candidate's key holds its candidate id. Costs one lease, its renewals
 * and one waiting call per initiator, and a thread while running. Thread-safe.
 */
public class EtcdLeaderInitiator
		implements SmartLifecycle, ApplicationEventPublisherAware, BeanClassLoaderAware, DisposableBean {

	/** The default role, as in Spring Integration. */
	public static final String DEFAULT_ROLE = "leader";

	/** The default key prefix of elections. */
	public static final String DEFAULT_PREFIX = "elections/";

	/**
	 * The default TTL of the initiator's session: how long a crashed leader's process
	 * stays leader.
	 */
	public static final Duration DEFAULT_SESSION_TTL = Duration.ofSeconds(10);

	/** The default lifecycle phase: late, as Spring Integration's leader initiators. */
	public static final int DEFAULT_PHASE = Integer.MAX_VALUE - 1000;

	private static final String INTEGRATION_EVENT = "org.springframework.integration.leader.event.OnGrantedEvent";

	private static final Log logger = LogFactory.getLog(EtcdLeaderInitiator.class);

	private final EtcdClient client;

	private final String role;

	private final LeaderContext context = new InitiatorContext();

	private volatile String prefix = DEFAULT_PREFIX;

	private volatile String candidateId = UUID.randomUUID().toString();

	private volatile Duration sessionTtl = DEFAULT_SESSION_TTL;

	private volatile Duration retryInterval = Duration.ofSeconds(1);

	private volatile Duration stopTimeout = Duration.ofSeconds(30);

	private volatile boolean autoStartup = true;

	private volatile int phase = DEFAULT_PHASE;

	private volatile @Nullable ApplicationEventPublisher eventPublisher;

	private volatile boolean integrationEvents = ClassUtils.isPresent(INTEGRATION_EVENT,
			EtcdLeaderInitiator.class.getClassLoader());

	private final Object lifecycleMonitor = new Object();

	private volatile @Nullable Candidacy candidacy;

	/**
	 * An initiator for the {@link #DEFAULT_ROLE}.
	 * @param client the client
	 */
	public EtcdLeaderInitiator(EtcdClient client) {
		this(client, DEFAULT_ROLE);
	}

	/**
	 * An initiator for a role.
	 * @param client the client
	 * @param role the role, the name of the election
	 * @throws IllegalArgumentException when the role is empty
	 */
	public EtcdLeaderInitiator(EtcdClient client, String role) {
		Assert.notNull(client, "The EtcdClient must not be null");
		if (role == null || role.isEmpty()) {
			throw new IllegalArgumentException("The role of an EtcdLeaderInitiator must not be empty: name what the "
					+ "leader does, such as \"order-dispatcher\"");
		}
		this.client = client;
		this.role = role;
	}

	/**
	 * Sets the key prefix the election lives under. Applies from the next start.
	 * @param prefix the prefix, such as {@code elections/}; empty for none
	 */
	public void setPrefix(String prefix) {
		Assert.notNull(prefix, "The election prefix must not be null: use \"\" for none");
		this.prefix = prefix;
	}

	/**
	 * Sets the id this candidate announces when it leads, which {@link #getLeader()}
	 * returns to every process; a random UUID by default. Applies from the next start.
	 * @param candidateId the id, such as the host name
	 */
	public void setCandidateId(String candidateId) {
		Assert.hasLength(candidateId, "The candidate id must not be empty");
		this.candidateId = candidateId;
	}

	/**
	 * Sets the TTL of the initiator's session: how long the leadership of a crashed
	 * process lasts, and how long etcd may be unreachable before the leader steps down.
	 * Applies from the next start.
	 * @param sessionTtl the TTL, at least one second
	 * @throws IllegalArgumentException when the TTL is shorter than a second
	 */
	public void setSessionTtl(Duration sessionTtl) {
		Assert.notNull(sessionTtl, "The session TTL must not be null");
		if (sessionTtl.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("The session TTL of an EtcdLeaderInitiator must be at least one second "
					+ "(etcd leases count whole seconds), was " + sessionTtl + ": it is how long a crashed leader "
					+ "stays leader, typically a few seconds");
		}
		this.sessionTtl = sessionTtl;
	}

	/**
	 * Sets how long to wait before campaigning again after a failure (etcd unreachable).
	 * @param retryInterval the interval, positive
	 */
	public void setRetryInterval(Duration retryInterval) {
		Assert.isTrue(retryInterval != null && retryInterval.toMillis() > 0, "The retry interval must be positive");
		this.retryInterval = retryInterval;
	}

	/**
	 * Sets how long {@link #stop()} waits for the revoked event's listeners and the
	 * release of the session.
	 * @param stopTimeout the timeout, positive
	 */
	public void setStopTimeout(Duration stopTimeout) {
		Assert.isTrue(stopTimeout != null && stopTimeout.toMillis() > 0, "The stop timeout must be positive");
		this.stopTimeout = stopTimeout;
	}

	/**
	 * Sets whether the initiator starts with the application context; true by default.
	 * @param autoStartup whether to start automatically
	 */
	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	/**
	 * Sets the lifecycle phase; {@link #DEFAULT_PHASE} by default.
	 * @param phase the phase
	 */
	public void setPhase(int phase) {
		this.phase = phase;
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.integrationEvents = ClassUtils.isPresent(INTEGRATION_EVENT, classLoader);
	}

	/** Starts campaigning. Idempotent. */
	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.candidacy == null) {
				Candidacy started = new Candidacy(this.client, this.prefix + this.role, this.candidateId,
						this.sessionTtl, this.retryInterval, "etcd-leader-" + this.role, this::publish);
				this.candidacy = started;
				started.begin();
			}
		}
	}

	/**
	 * Stops campaigning: if leading, publishes the revoked event and resigns (ending the
	 * session, so that the next candidate leads at once). Waits for that up to the stop
	 * timeout. Idempotent.
	 */
	@Override
	public void stop() {
		Candidacy stopping;
		synchronized (this.lifecycleMonitor) {
			stopping = this.candidacy;
			this.candidacy = null;
		}
		if (stopping != null) {
			stopping.stop(this.stopTimeout);
		}
	}

	@Override
	public boolean isRunning() {
		return this.candidacy != null;
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	@Override
	public void destroy() {
		stop();
	}

	/**
	 * Whether this initiator leads now (false as soon as its session is lost).
	 * @return whether it leads
	 */
	public boolean isLeader() {
		Candidacy current = this.candidacy;
		return current != null && current.isLeader();
	}

	/**
	 * The leadership of this initiator, to check or yield it.
	 * @return the context
	 */
	public LeaderContext getContext() {
		return this.context;
	}

	/**
	 * The role: the name of the election.
	 * @return the role
	 */
	public String getRole() {
		return this.role;
	}

	/**
	 * The id this candidate announces when it leads.
	 * @return the candidate id
	 */
	public String getCandidateId() {
		return this.candidateId;
	}

	/**
	 * Who leads the role now, in any process: asks etcd (within the client's request
	 * timeout).
	 * @return the candidate id of the leader, or empty when nobody leads
	 * @throws dev.etcdspring.client.error.EtcdException when etcd cannot be asked
	 */
	public Optional<String> getLeader() {
		return LockWait.callUninterruptibly(this.client.election().leader(this.prefix + this.role))
			.map(KeyValue::valueAsString);
	}

	private void publish(boolean granted) {
		ApplicationEventPublisher publisher = this.eventPublisher;
		if (publisher == null) {
			return;
		}
		ApplicationEvent event;
		if (this.integrationEvents) {
			event = IntegrationLeaderEvents.event(this, this.context, granted);
		}
		else {
			event = granted ? new LeadershipGrantedEvent(this, this.context)
					: new LeadershipRevokedEvent(this, this.context);
		}
		try {
			publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of " + event + " failed", ex);
		}
	}

	@Override
	public String toString() {
		return "EtcdLeaderInitiator[role '" + this.role + "', candidate '" + this.candidateId + "'"
				+ (isLeader() ? ", leader" : "") + "]";
	}

	/** The initiator's leadership, whichever run it is in. */
	private final class InitiatorContext implements LeaderContext {

		@Override
		public boolean isLeader() {
			return EtcdLeaderInitiator.this.isLeader();
		}

		@Override
		public void yieldLeadership() {
			Candidacy current = EtcdLeaderInitiator.this.candidacy;
			if (current != null) {
				current.yieldLeadership();
			}
		}

		@Override
		public String getRole() {
			return EtcdLeaderInitiator.this.role;
		}

		@Override
		public String toString() {
			return "LeaderContext[role '" + getRole() + "', " + (isLeader() ? "leader" : "not leader") + "]";
		}

	}

}
