package dev.etcdspring.annotation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.etcdspring.annotation.WatchContexts.Seen;
import dev.etcdspring.client.watch.WatchEvent;
import dev.etcdspring.listener.EtcdWatchContainer;
import dev.etcdspring.listener.EtcdWatchErrorHandler;
import dev.etcdspring.listener.EtcdWatchRegistry;
import dev.etcdspring.listener.LoggingEtcdWatchErrorHandler;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Listeners that throw: retried with the back-off, then handed to the error handler. */
class EtcdWatchErrorTests extends WatchTestSupport {

	/** Records what reaches it; rethrows for keys ending in "fatal". */
	static class RecordingErrorHandler implements EtcdWatchErrorHandler {

		final List<String> handled = new CopyOnWriteArrayList<>();

		final List<Throwable> containerErrors = new CopyOnWriteArrayList<>();

		@Override
		public void handleListenerError(Exception exception, List<WatchEvent> events, EtcdWatchContainer container)
				throws Exception {
			this.handled.add(container.getId() + " " + exception.getMessage() + " for "
					+ events.get(0).kv().keyAsString().replaceAll(".*/", ""));
			if (events.get(0).kv().keyAsString().endsWith("fatal")) {
				throw exception;
			}
		}

		@Override
		public void handleContainerError(Throwable error, EtcdWatchContainer container) {
			this.containerErrors.add(error);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Flaky {

		@Bean
		BackOff quickBackOff() {
			return new FixedBackOff(10, 3);
		}

		@Bean
		RecordingErrorHandler recordingHandler() {
			return new RecordingErrorHandler();
		}

		@Bean
		FlakyListener flakyListener(Seen seen) {
			return new FlakyListener(seen);
		}

	}

	static class FlakyListener {

		final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

		private final Seen seen;

		FlakyListener(Seen seen) {
			this.seen = seen;
		}

		@EtcdWatch(id = "flaky", key = "${test.prefix}flaky/", prefix = true, backOff = "quickBackOff",
				errorHandler = "recordingHandler")
		void onEvent(@EtcdKey String key, String value) {
			String name = key.replaceAll(".*/", "");
			int attempt = this.attempts.computeIfAbsent(name, (k) -> new AtomicInteger()).incrementAndGet();
			if ((name.equals("twice") && attempt <= 2) || name.equals("always") || name.equals("fatal")) {
				throw new IllegalStateException("attempt " + attempt);
			}
			this.seen.add(name + " " + value + " at attempt " + attempt);
		}

	}

	@Test
	void aFailingListenerIsRetriedThenHandedToTheErrorHandlerAndDeliveryGoesOn() {
		try (AnnotationConfigApplicationContext context = start(Flaky.class)) {
			Seen seen = context.getBean(Seen.class);
			RecordingErrorHandler handler = context.getBean(RecordingErrorHandler.class);
			FlakyListener listener = context.getBean(FlakyListener.class);
			put("flaky/twice", "1");
			put("flaky/always", "2");
			put("flaky/after", "3");
			await().atMost(Duration.ofSeconds(30)).until(() -> seen.lines.size() == 2);
			assertThat(seen.lines).containsExactly("twice 1 at attempt 3", "after 3 at attempt 1");
			assertThat(listener.attempts.get("always")).as("the first call and three retries").hasValue(4);
			assertThat(handler.handled).containsExactly("flaky attempt 4 for always");
		}
	}

	@Test
	void anErrorHandlerThatThrowsStopsTheListenerBeforeTheEventWhichARestartDeliversAgain() {
		try (AnnotationConfigApplicationContext context = start(Flaky.class)) {
			Seen seen = context.getBean(Seen.class);
			RecordingErrorHandler handler = context.getBean(RecordingErrorHandler.class);
			EtcdWatchRegistry registry = context.getBean(EtcdWatchRegistry.class);
			FlakyListener listener = context.getBean(FlakyListener.class);
			put("flaky/fatal", "1");
			put("flaky/next", "2");
			await().atMost(Duration.ofSeconds(30))
				.until(() -> registry.getState("flaky") == EtcdWatchContainer.State.FAILED);
			assertThat(handler.containerErrors).singleElement()
				.satisfies((error) -> assertThat(error).hasMessage("attempt 4"));
			assertThat(registry.getContainer("flaky").getFailure()).hasMessage("attempt 4");
			assertThat(seen.lines).isEmpty();
			registry.start("flaky");
			await().atMost(Duration.ofSeconds(30))
				.until(() -> registry.getState("flaky") == EtcdWatchContainer.State.FAILED
						&& listener.attempts.get("fatal").get() == 8);
			assertThat(seen.lines).as("nothing after the event that stopped it").isEmpty();
		}
	}

	/** No error handler bean: the registry's default, the logging one, is used. */
	@Configuration(proxyBeanMethods = false)
	static class DefaultHandler {

		@Bean
		BackOff quickBackOff() {
			return new FixedBackOff(10, 3);
		}

		@Bean
		DefaultHandled defaultHandled(Seen seen) {
			return new DefaultHandled(seen);
		}

	}

	static class DefaultHandled {

		private final Seen seen;

		DefaultHandled(Seen seen) {
			this.seen = seen;
		}

		@EtcdWatch(id = "defaults", key = "${test.prefix}default/", prefix = true, backOff = "quickBackOff")
		void withTheDefaultHandler(@EtcdKey String key, String value) {
			if (value.equals("bad")) {
				throw new IllegalArgumentException("cannot take " + value);
			}
			this.seen.add("default " + value);
		}

	}

	@Test
	void theDefaultErrorHandlerLogsKeyRevisionAndExceptionAndGoesOn() {
		List<LogRecord> records = new CopyOnWriteArrayList<>();
		Handler capture = new Handler() {

			@Override
			public void publish(LogRecord record) {
				records.add(record);
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}

		};
		Logger logger = Logger.getLogger(LoggingEtcdWatchErrorHandler.class.getName());
		logger.addHandler(capture);
		try (AnnotationConfigApplicationContext context = start(DefaultHandler.class)) {
			Seen seen = context.getBean(Seen.class);
			put("default/a", "bad");
			long revision = client.kv().put(this.p + "default/a", "bad").join().header().revision();
			put("default/b", "good");
			await().atMost(Duration.ofSeconds(30)).until(() -> seen.lines.contains("default good"));
			await().until(() -> records.size() == 2);
			assertThat(records.get(1).getMessage()).contains("'defaults'")
				.contains("PUT '" + this.p + "default/a' @" + revision);
			assertThat(records.get(1).getThrown()).hasMessage("cannot take bad");
		}
		finally {
			logger.removeHandler(capture);
		}
	}

}
