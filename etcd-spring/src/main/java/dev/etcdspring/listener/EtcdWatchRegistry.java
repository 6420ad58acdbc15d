package dev.etcdspring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.etcdspring.client.EtcdClient;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Holds the etcd listener containers of an application, by id: those of
 * {@code @EtcdWatch} methods and those registered at run time with
 * {@link #registerEndpoint(EtcdWatchEndpoint)} or
 * {@link #registerContainer(EtcdWatchContainer)}. As a {@link SmartLifecycle} in a late
 * phase ({@link #DEFAULT_PHASE}) it starts the auto-startup containers when the
 * application context has started everything else, waiting until their watches are open
 * (all in parallel, up to the {@linkplain #setStartTimeout start timeout}), and stops
 * every container when the context closes. In between, listeners can be started and
 * stopped by id and their state read.
 *
 * <p>
 * Thread-safe. The containers start no threads; listeners run on the client's callback
 * executor or the executor their endpoint names.
 */
public class EtcdWatchRegistry implements SmartLifecycle, DisposableBean {

	/** The registry's bean name with {@code @EnableEtcdWatch}. */
	public static final String BEAN_NAME = "etcdWatchRegistry";

	/**
	 * The lifecycle phase: late, so that listeners start after everything else and stop
	 * first.
	 */
	public static final int DEFAULT_PHASE = Integer.MAX_VALUE - 100;

	private final Supplier<EtcdClient> client;

	private final Map<String, EtcdWatchContainer> containers = new LinkedHashMap<>();

	private volatile boolean running;

	private volatile BackOff defaultBackOff = new FixedBackOff(1000, 2);

	private volatile EtcdWatchErrorHandler defaultErrorHandler = new LoggingEtcdWatchErrorHandler();

	private volatile Duration startTimeout = EtcdWatchContainer.DEFAULT_START_TIMEOUT;

	private volatile EtcdWatchRecorder recorder = EtcdWatchRecorder.NONE;

	private volatile int phase = DEFAULT_PHASE;

	/**
	 * A registry whose endpoints watch with the given client.
	 * @param client the client
	 */
	public EtcdWatchRegistry(EtcdClient client) {
		this(() -> client);
		Objects.requireNonNull(client, "client");
	}

	/**
	 * A registry whose endpoints watch with a client looked up when the first endpoint is
	 * registered.
	 * @param client supplies the client
	 */
	public EtcdWatchRegistry(Supplier<EtcdClient> client) {
		this.client = Objects.requireNonNull(client, "client");
	}

	/**
	 * Creates a container for an endpoint and keeps it under the endpoint's id; when the
	 * registry is running and the endpoint starts automatically, the container is started
	 * (and this method waits until its watch is open).
	 * @param endpoint the endpoint; without a back-off or an error handler of its own it
	 * gets the registry's defaults
	 * @return the container
	 * @throws IllegalStateException when a container with that id is registered already
	 */
	public EtcdWatchContainer registerEndpoint(EtcdWatchEndpoint endpoint) {
		EtcdWatchContainer container = new EtcdWatchContainer(this.client.get(),
				endpoint.withDefaults(this.defaultBackOff, this.defaultErrorHandler));
		container.setStartTimeout(this.startTimeout);
		registerContainer(container);
		return container;
	}

	/**
	 * Keeps a container under its id; when the registry is running and the container's
	 * endpoint starts automatically, it is started.
	 * @param container the container
	 * @throws IllegalStateException when a container with that id is registered already
	 */
	public void registerContainer(EtcdWatchContainer container) {
		if (this.recorder != EtcdWatchRecorder.NONE) {
			container.setRecorder(this.recorder);
		}
		synchronized (this.containers) {
			EtcdWatchContainer existing = this.containers.putIfAbsent(container.getId(), container);
			if (existing != null) {
				throw new IllegalStateException("An etcd listener with id '" + container.getId() + "' is registered "
						+ "already (" + existing.getEndpoint() + "): give each listener its own id");
			}
		}
		if (this.running && container.getEndpoint().isAutoStartup()) {
			container.start();
		}
	}

	/**
	 * Stops a container and forgets it.
	 * @param id the listener's id
	 * @return the container, or {@code null} when none has that id
	 */
	public @Nullable EtcdWatchContainer unregister(String id) {
		EtcdWatchContainer removed;
		synchronized (this.containers) {
			removed = this.containers.remove(id);
		}
		if (removed != null) {
			removed.stop();
		}
		return removed;
	}

	/**
	 * The container of a listener.
	 * @param id the listener's id
	 * @return the container, or {@code null} when none has that id
	 */
	public @Nullable EtcdWatchContainer getContainer(String id) {
		synchronized (this.containers) {
			return this.containers.get(id);
		}
	}

	/**
	 * Every container, in registration order.
	 * @return the containers
	 */
	public Collection<EtcdWatchContainer> getContainers() {
		synchronized (this.containers) {
			return List.copyOf(this.containers.values());
		}
	}

	/**
	 * The ids of every listener, in registration order.
	 * @return the ids
	 */
	public Set<String> getIds() {
		synchronized (this.containers) {
			return Collections.unmodifiableSet(new LinkedHashSet<>(this.containers.keySet()));
		}
	}

	/**
	 * Starts a listener (waiting until its watch is open); it resumes after the last
	 * event it delivered.
	 * @param id the listener's id
	 * @throws IllegalArgumentException when no listener has that id
	 */
	public void start(String id) {
		container(id).start();
	}

	/**
	 * Stops a listener; a later {@link #start(String)} resumes it without losing an
	 * event.
	 * @param id the listener's id
	 * @throws IllegalArgumentException when no listener has that id
	 */
	public void stop(String id) {
		container(id).stop();
	}

	/**
	 * What a listener is doing.
	 * @param id the listener's id
	 * @return its state
	 * @throws IllegalArgumentException when no listener has that id
	 */
	public EtcdWatchContainer.State getState(String id) {
		return container(id).getState();
	}

	/**
	 * What every listener is doing, by id, in registration order.
	 * @return the states
	 */
	public Map<String, EtcdWatchContainer.State> getStates() {
		Map<String, EtcdWatchContainer.State> states = new LinkedHashMap<>();
		getContainers().forEach((container) -> states.put(container.getId(), container.getState()));
		return states;
	}

	private EtcdWatchContainer container(String id) {
		EtcdWatchContainer container = getContainer(id);
		if (container == null) {
			throw new IllegalArgumentException("No etcd listener has the id '" + id + "'; the ids are " + getIds());
		}
		return container;
	}

	// ---------------------------------------------------------------- lifecycle

	/** Starts every auto-startup container and waits until their watches are open. */
	@Override
	public void start() {
		this.running = true;
		long deadline = System.nanoTime() + this.startTimeout.toNanos();
		Map<EtcdWatchContainer, CompletableFuture<Void>> starting = new LinkedHashMap<>();
		for (EtcdWatchContainer container : getContainers()) {
			if (container.getEndpoint().isAutoStartup()) {
				starting.put(container, container.startAsync());
			}
		}
		starting.forEach((container, started) -> container.awaitStarted(started, deadline));
	}

	/** Stops every container. */
	@Override
	public void stop() {
		this.running = false;
		List<EtcdWatchContainer> all = new ArrayList<>(getContainers());
		all.forEach(EtcdWatchContainer::stop);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	/**
	 * Sets the lifecycle phase; {@link #DEFAULT_PHASE} by default.
	 * @param phase the phase
	 */
	public void setPhase(int phase) {
		this.phase = phase;
	}

	@Override
	public void destroy() {
		stop();
	}

	/**
	 * The back-off for endpoints without one; three calls, a second apart, by default.
	 * @param backOff the back-off
	 */
	public void setDefaultBackOff(BackOff backOff) {
		this.defaultBackOff = Objects.requireNonNull(backOff, "backOff");
	}

	/**
	 * The error handler for endpoints without one; a {@link LoggingEtcdWatchErrorHandler}
	 * by default.
	 * @param errorHandler the error handler
	 */
	public void setDefaultErrorHandler(EtcdWatchErrorHandler errorHandler) {
		this.defaultErrorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
	}

	/**
	 * Where the listeners' calls, failures and retries are recorded, for every container
	 * registered from now on and every one registered already; nowhere by default.
	 * @param recorder the recorder
	 */
	public void setRecorder(EtcdWatchRecorder recorder) {
		this.recorder = Objects.requireNonNull(recorder, "recorder");
		synchronized (this.containers) {
			this.containers.values().forEach((container) -> container.setRecorder(recorder));
		}
	}

	/**
	 * How long starting waits for the watches to open, for all containers together at the
	 * registry's start and for each one started later; 30 s by default.
	 * @param startTimeout the timeout
	 */
	public void setStartTimeout(Duration startTimeout) {
		this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
	}

}
