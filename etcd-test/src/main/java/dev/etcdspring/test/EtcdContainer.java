package dev.etcdspring.test;

import java.util.List;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * One etcd member in a Docker container, through Testcontainers: the fallback where no
 * etcd binary is installed. It offers no member control (kill, pause, restart); tests
 * that need it run on {@link EtcdCluster}. The image is {@value #DEFAULT_IMAGE} unless
 * the {@code etcd.test.image} system property names another. Thread-safe.
 */
public final class EtcdContainer implements EtcdServer {

	/** The image used unless {@code etcd.test.image} says otherwise. */
	public static final String DEFAULT_IMAGE = "gcr.io/etcd-development/etcd:v3.5.17";

	private static final int CLIENT_PORT = 2379;

	private final GenericContainer<?> container;

	private EtcdContainer(GenericContainer<?> container) {
		this.container = container;
	}

	/**
	 * Whether Testcontainers is on the class path and a Docker engine answers.
	 * @return whether {@link #start()} can work
	 */
	public static boolean isSupported() {
		try {
			Class.forName("org.testcontainers.DockerClientFactory", false, EtcdContainer.class.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
		return DockerClientFactory.instance().isDockerAvailable();
	}

	/**
	 * Starts a single-member etcd container.
	 * @return the running container
	 */
	@SuppressWarnings("resource") // closed by close()
	public static EtcdContainer start() {
		String image = System.getProperty("etcd.test.image", DEFAULT_IMAGE);
		GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
			.withExposedPorts(CLIENT_PORT)
			.withCommand("etcd", "--name", "m0", "--data-dir", "/tmp/etcd-data", "--listen-client-urls",
					"http://0.0.0.0:" + CLIENT_PORT, "--advertise-client-urls", "http://127.0.0.1:" + CLIENT_PORT)
			.waitingFor(Wait.forHttp("/health").forPort(CLIENT_PORT).forStatusCode(200));
		container.start();
		return new EtcdContainer(container);
	}

	@Override
	public List<String> clientEndpoints() {
		return List.of("http://" + this.container.getHost() + ":" + this.container.getMappedPort(CLIENT_PORT));
	}

	@Override
	public void close() {
		this.container.stop();
	}

}
