package dev.etcdspring.client.auth;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientBuilder;
import dev.etcdspring.client.KeyRange;
import dev.etcdspring.client.RecordingListener;
import dev.etcdspring.client.error.AuthFailedException;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.error.PermissionDeniedException;
import dev.etcdspring.client.event.EtcdClientListener;
import dev.etcdspring.client.watch.Watch;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdClusterExtension;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

class AuthTests {

	static final String ROOT_PASSWORD = "r00t-Secret-Pa55";

	static final String READER_PASSWORD = "Reader-Secret-Pa55";

	@RegisterExtension
	static final EtcdClusterExtension etcd = EtcdClusterExtension.perClass(EtcdCluster.builder());

	@RegisterExtension
	static final EtcdClusterExtension noAuth = EtcdClusterExtension.shared();

	static final List<LogRecord> logs = new CopyOnWriteArrayList<>();

	static final Handler capture = new Handler() {
		@Override
		public void publish(LogRecord record) {
			logs.add(record);
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}
	};

	@BeforeAll
	static void enableAuth() {
		Logger.getLogger("").addHandler(capture);
		Logger.getLogger("dev.etcdspring").setLevel(Level.ALL);
		Logger.getLogger("io.grpc").setLevel(Level.ALL);
		try (EtcdClient admin = EtcdClient.builder().endpoints(etcd.endpoints()).build()) {
			AuthClient auth = admin.auth();
			auth.addUser("root", ROOT_PASSWORD).join();
			auth.grantRole("root", "root").join();
			auth.addUser("reader", READER_PASSWORD).join();
			auth.addRole("reader").join();
			auth.grantPermission("reader", new Permission(Permission.Type.READ, KeyRange.prefix("pub/"))).join();
			auth.grantRole("reader", "reader").join();
			auth.enable().join();
		}
	}

	@AfterAll
	static void stopCapturing() {
		Logger.getLogger("").removeHandler(capture);
		Logger.getLogger("dev.etcdspring").setLevel(null);
		Logger.getLogger("io.grpc").setLevel(null);
	}

	static EtcdClientBuilder as(String user, String password) {
		return EtcdClient.builder().endpoints(etcd.endpoints()).username(user).password(password);
	}

	@Test
	void wrongPasswordFailsBuildWithAnAuthenticationErrorNotATimeout() {
		assertThatExceptionOfType(AuthFailedException.class)
			.isThrownBy(() -> as("root", "not-the-" + ROOT_PASSWORD).dialTimeout(Duration.ofSeconds(30)).build())
			.withMessageContaining("user name or password is wrong")
			.withMessageNotContaining(ROOT_PASSWORD);
	}

	@Test
	void listenerHearsTheTokenObtainedAndNeverSeesIt() {
		List<String> refreshes = new CopyOnWriteArrayList<>();
		EtcdClientListener listener = new EtcdClientListener() {
			@Override
			public void authTokenRefreshed(@Nullable EtcdException error) {
				refreshes.add(String.valueOf(error));
			}
		};
		try (EtcdClient root = as("root", ROOT_PASSWORD).listener(listener).build()) {
			root.kv().put("auth/listened", "v").join();
			await().untilAsserted(() -> assertThat(refreshes).containsExactly("null"));
		}
	}

	@Test
	void credentialsAgainstAServerWithoutAuthAreAccepted() {
		try (EtcdClient client = EtcdClient.builder()
			.endpoints(noAuth.endpoints())
			.username("root")
			.password(ROOT_PASSWORD)
			.build()) {
			client.kv().put("auth/no-auth", "v").join();
			assertThat(client.kv().get("auth/no-auth").join().first()).isPresent();
		}
	}

	@Test
	void rootReadsAndWritesEverywhereAndReaderOnlyReadsItsPrefix() {
		try (EtcdClient root = as("root", ROOT_PASSWORD).build();
				EtcdClient reader = as("reader", READER_PASSWORD).build();
				EtcdClient anonymous = EtcdClient.builder().endpoints(etcd.endpoints()).build()) {
			root.kv().put("pub/a", "1").join();
			root.kv().put("priv/a", "2").join();
			assertThat(reader.kv().get("pub/a").join().first().orElseThrow().valueAsString()).isEqualTo("1");
			assertThat(catchThrowable(reader.kv().put("pub/a", "x")::join))
				.hasCauseInstanceOf(PermissionDeniedException.class);
			assertThat(catchThrowable(reader.kv().get("priv/a")::join))
				.hasCauseInstanceOf(PermissionDeniedException.class);
			assertThat(catchThrowable(anonymous.kv().get("pub/a")::join)).hasCauseInstanceOf(EtcdException.class);

			// a watch inside the prefix works, one outside ends once with permission
			// denied
			RecordingListener allowed = new RecordingListener();
			RecordingListener denied = new RecordingListener();
			Watch inside = reader.watch().watch(KeyRange.prefix("pub/"), allowed);
			Watch outside = reader.watch().watch(KeyRange.prefix("priv/"), denied);
			inside.created().join();
			await().untilAsserted(
					() -> assertThat(denied.errors).singleElement().isInstanceOf(PermissionDeniedException.class));
			assertThat(outside.isActive()).isFalse();
			root.kv().put("pub/b", "3").join();
			root.kv().put("priv/b", "4").join();
			await().untilAsserted(() -> assertThat(allowed.values()).containsExactly("3"));
			assertThat(denied.events).isEmpty();
			assertThat(denied.errors).hasSize(1);
			inside.close();

			// a listener without error handling: the error that ends its watch is logged,
			// not lost
			reader.watch().watch(KeyRange.prefix("priv/"), (response) -> {
			});
			await().untilAsserted(() -> assertThat(logs).anySatisfy((record) -> {
				assertThat(record.getLevel()).isEqualTo(Level.WARNING);
				assertThat(record.getMessage()).contains("A watch ended with an error").contains("priv/");
			}));
		}
	}

	@Test
	void usersAndRolesAdministration() {
		try (EtcdClient root = as("root", ROOT_PASSWORD).build()) {
			AuthClient auth = root.auth();
			auth.addRole("ops").join();
			auth.grantPermission("ops", new Permission(Permission.Type.READWRITE, KeyRange.prefix("ops/"))).join();
			auth.grantPermission("ops", new Permission(Permission.Type.READ, KeyRange.key("config"))).join();
			auth.grantPermission("ops", new Permission(Permission.Type.WRITE, KeyRange.range("a", "c"))).join();
			assertThat(auth.rolePermissions("ops").join()).containsExactlyInAnyOrder(
					new Permission(Permission.Type.READWRITE, KeyRange.prefix("ops/")),
					new Permission(Permission.Type.READ, KeyRange.key("config")),
					new Permission(Permission.Type.WRITE, KeyRange.range("a", "c")));
			auth.revokePermission("ops", KeyRange.key("config")).join();
			assertThat(auth.rolePermissions("ops").join()).hasSize(2);
			assertThat(auth.roles().join()).contains("reader", "ops");

			auth.addUser("alice", "first-password").join();
			auth.grantRole("alice", "ops").join();
			assertThat(auth.userRoles("alice").join()).containsExactly("ops");
			assertThat(auth.users().join()).contains("root", "reader", "alice");
			try (EtcdClient alice = as("alice", "first-password").build()) {
				alice.kv().put("ops/x", "1").join();
			}
			auth.changePassword("alice", "second-password").join();
			assertThatExceptionOfType(AuthFailedException.class)
				.isThrownBy(() -> as("alice", "first-password").build());
			try (EtcdClient alice = as("alice", "second-password").build()) {
				assertThat(alice.kv().get("ops/x").join().first()).isPresent();
			}
			auth.revokeRole("alice", "ops").join();
			assertThat(auth.userRoles("alice").join()).isEmpty();
			auth.deleteUser("alice").join();
			auth.deleteRole("ops").join();
			assertThat(auth.users().join()).doesNotContain("alice");
			assertThat(auth.roles().join()).doesNotContain("ops");

			if (etcd.cluster().etcdBinary().isAtLeast(3, 5)) {
				assertThat(auth.isEnabled().join()).isTrue();
			}
			else {
				assertThat(catchThrowable(auth.isEnabled()::join)).hasCauseInstanceOf(EtcdException.class)
					.cause()
					.satisfies((e) -> assertThat(((EtcdException) e).statusCode()).isEqualTo("UNIMPLEMENTED"));
			}
		}
	}

	@Test
	void passwordsNeverAppearInMessagesStringsOrLogs() {
		// every logger at its most detailed, gRPC's HTTP/2 frame logger included
		Logger root = Logger.getLogger("");
		Level rootLevel = root.getLevel();
		root.setLevel(Level.ALL);
		try {
			EtcdClientBuilder builder = as("root", ROOT_PASSWORD);
			assertThat(builder.toString()).contains("root").doesNotContain(ROOT_PASSWORD);
			try (EtcdClient client = builder.build()) {
				assertThat(client.toString()).doesNotContain(ROOT_PASSWORD);
				client.kv().put("pub/log", "v").join();
			}
			Throwable wrong = catchThrowable(() -> as("reader", "wrong-" + READER_PASSWORD).build());
			assertThat(wrong).isInstanceOf(dev.etcdspring.client.error.AuthFailedException.class);
			for (Throwable t = wrong; t != null; t = t.getCause()) {
				assertThat(String.valueOf(t.getMessage())).doesNotContain(READER_PASSWORD);
			}
		}
		finally {
			root.setLevel(rootLevel);
		}
		assertThat(logs).as("something was logged while authenticating").isNotEmpty();
		for (LogRecord record : logs) {
			String text = record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()) + " "
					+ ((record.getThrown() != null) ? record.getThrown().toString() : "");
			for (String secret : List.of(ROOT_PASSWORD, READER_PASSWORD, "wrong-" + READER_PASSWORD)) {
				// as written, and as the frame logger would show a message's bytes
				assertThat(text).doesNotContain(secret).doesNotContainIgnoringCase(hex(secret));
			}
			// the frame logger prints request headers as "name: value"; the token is one
			// of them
			assertThat(text).doesNotContain("token: ");
		}
	}

	private static String hex(String text) {
		StringBuilder hex = new StringBuilder();
		for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
			hex.append(String.format("%02x", b));
		}
		return hex.toString();
	}

}
