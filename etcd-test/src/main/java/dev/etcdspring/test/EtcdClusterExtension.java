package dev.etcdspring.test;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that hands tests a running {@link EtcdCluster}.
 *
 * <pre class="code">
 * class MyTests {
 *     &#64;RegisterExtension
 *     static final EtcdClusterExtension etcd = EtcdClusterExtension.shared();
 *
 *     &#64;Test
 *     void works() {
 *         List&lt;String&gt; endpoints = etcd.endpoints();
 *     }
 * }
 * </pre>
 *
 * <p>
 * {@link #shared()} starts one single-member server for the whole test run (the fastest
 * choice; tests then use their own key prefixes): a local etcd process, or an etcd
 * container where no binary is installed and Docker is available.
 * {@link #perClass(EtcdCluster.Builder)} starts a cluster of local processes before a
 * test class and closes it after. Test methods and constructors may also declare an
 * {@link EtcdServer} or {@link EtcdCluster} parameter.
 */
public final class EtcdClusterExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(EtcdClusterExtension.class);

	private final @Nullable Supplier<EtcdCluster.Builder> perClass;

	private volatile @Nullable EtcdServer server;

	private EtcdClusterExtension(@Nullable Supplier<EtcdCluster.Builder> perClass) {
		this.perClass = perClass;
	}

	/**
	 * One single-member cluster shared by every test class of the run that uses this
	 * method; it closes when the run ends.
	 * @return the extension
	 */
	public static EtcdClusterExtension shared() {
		return new EtcdClusterExtension(null);
	}

	/**
	 * A cluster started before the test class and closed after it.
	 * @param builder the cluster's settings
	 * @return the extension
	 */
	public static EtcdClusterExtension perClass(EtcdCluster.Builder builder) {
		return new EtcdClusterExtension(() -> builder);
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		if (this.perClass == null) {
			this.server = context.getRoot()
				.getStore(NAMESPACE)
				.computeIfAbsent("shared", (key) -> EtcdServer.startSingle(), EtcdServer.class);
		}
		else {
			this.server = this.perClass.get().start();
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		EtcdServer current = this.server;
		if (this.perClass != null && current != null) {
			current.close();
			this.server = null;
		}
	}

	/**
	 * The running server.
	 * @return the server
	 * @throws IllegalStateException outside the test class's lifetime
	 */
	public EtcdServer server() {
		EtcdServer current = this.server;
		if (current == null) {
			throw new IllegalStateException("The etcd server runs only while the test class runs: register "
					+ "the extension in a static field with @RegisterExtension");
		}
		return current;
	}

	/**
	 * The running cluster of local etcd processes, with member control.
	 * @return the cluster
	 * @throws IllegalStateException outside the test class's lifetime, or when the shared
	 * server is a container (no etcd binary installed)
	 */
	public EtcdCluster cluster() {
		if (server() instanceof EtcdCluster cluster) {
			return cluster;
		}
		throw new IllegalStateException("This test controls etcd members, which needs local etcd processes, but "
				+ "no etcd binary was found and etcd runs in a container. Install etcd (apt-get install etcd-server) "
				+ "or set ETCD_BINARY.");
	}

	/**
	 * Client URLs of every member.
	 * @return the endpoints
	 */
	public List<String> endpoints() {
		return server().clientEndpoints();
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return type == EtcdCluster.class || type == EtcdServer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return (parameterContext.getParameter().getType() == EtcdCluster.class) ? cluster()
				: Objects.requireNonNull(server());
	}

}
