package dev.etcdspring.annotation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.etcdspring.annotation.WatchContexts.Seen;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.kv.PutOp;
import dev.etcdspring.client.watch.WatchEvent;
import dev.etcdspring.core.EtcdTemplate;
import dev.etcdspring.core.convert.DefaultEtcdValueConverter;
import dev.etcdspring.listener.OnCompaction;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.support.DefaultConversionService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What {@code @EtcdWatch} methods receive, in real application contexts against a real
 * etcd.
 */
class EtcdWatchTests extends WatchTestSupport {

	private static void awaitLines(Seen seen, int count) {
		await().atMost(Duration.ofSeconds(30)).until(() -> seen.lines.size() >= count);
	}

	static class Placeholders {

		private final Seen seen;

		Placeholders(Seen seen) {
			this.seen = seen;
		}

		@EtcdWatch(key = "${test.prefix}plain")
		void plain(String value) {
			this.seen.add("plain " + value);
		}

		@EtcdWatch("#{'${test.prefix}' + '${test.suffix}'.toUpperCase()}")
		void spel(String value) {
			this.seen.add("spel " + value);
		}

		@EtcdWatch(key = "${test.prefix}${test.undefined:fallback}", startRevision = "#{0}", autoStartup = "#{true}")
		void fallback(String value) {
			this.seen.add("fallback " + value);
		}

	}

	@Test
	void keysAndAttributesComeFromPlaceholdersThenSpel() {
		try (AnnotationConfigApplicationContext context = start(Map.of("test.suffix", "spel"), Placeholders.class)) {
			put("plain", "1");
			put("SPEL", "2");
			put("fallback", "3");
			Seen seen = context.getBean(Seen.class);
			awaitLines(seen, 3);
			assertThat(seen.lines).containsExactlyInAnyOrder("plain 1", "spel 2", "fallback 3");
		}
	}

	static class Ranges {

		private final Seen seen;

		Ranges(Seen seen) {
			this.seen = seen;
		}

		@EtcdWatch(key = "${test.prefix}dir/", prefix = true)
		void dir(@EtcdKey String key) {
			this.seen.add("dir " + key);
		}

		@EtcdWatch(key = "${test.prefix}b", rangeEnd = "${test.prefix}d")
		void range(@EtcdKey String key) {
			this.seen.add("range " + key);
		}

	}

	@Test
	void prefixesAndRanges() {
		try (AnnotationConfigApplicationContext context = start(Ranges.class)) {
			for (String key : List.of("a", "b", "c", "d", "dir", "dir/1", "dir/2/x", "dirx")) {
				put(key, "v");
			}
			put("end", "v"); // after everything else: in neither
			Seen seen = context.getBean(Seen.class);
			awaitLines(seen, 4);
			await().during(Duration.ofMillis(300)).until(() -> seen.lines.size() == 4);
			assertThat(seen.lines).containsExactlyInAnyOrder("dir dir/1", "dir dir/2/x", "range b", "range c");
		}
	}

	static class Filters {

		private final Seen seen;

		Filters(Seen seen) {
			this.seen = seen;
		}

		@EtcdWatch(key = "${test.prefix}", prefix = true, types = WatchEvent.Type.PUT)
		void puts(WatchEvent event) {
			this.seen.add("puts " + event.type() + " " + event.kv().keyAsString());
		}

		@EtcdWatch(key = "${test.prefix}", prefix = true, types = WatchEvent.Type.DELETE)
		void deletes(WatchEvent event) {
			this.seen.add("deletes " + event.type() + " " + event.kv().keyAsString());
		}

		// filtered by the server instead of the container
		@EtcdWatch(key = "${test.prefix}", prefix = true, types = WatchEvent.Type.DELETE,
				onCompaction = OnCompaction.STOP)
		void deletesOnTheServer(WatchEvent event) {
			this.seen.add("server " + event.type() + " " + event.kv().keyAsString());
		}

	}

	@Test
	void putsOnlyAndDeletesOnly() {
		try (AnnotationConfigApplicationContext context = start(Filters.class)) {
			put("k1", "v");
			put("k2", "v");
			client.kv().delete(this.p + "k1").join();
			put("k3", "v");
			Seen seen = context.getBean(Seen.class);
			awaitLines(seen, 5);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(seen.lines).containsExactlyInAnyOrder("puts PUT k1", "puts PUT k2",
						"puts PUT k3", "deletes DELETE k1", "server DELETE k1"));
		}
	}

	record Flag(String name, boolean on) {
	}

	static class EveryParameter {

		private final Seen seen;

		EveryParameter(Seen seen) {
			this.seen = seen;
		}

		@EtcdWatch(key = "${test.prefix}flags/", prefix = true, prevKv = true)
		void everything(WatchEvent event, WatchEvent.Type type, KeyValue kv, @EtcdKey String key,
				@EtcdKey byte[] keyBytes, @EtcdValue @Nullable Flag flag, @EtcdValue @Nullable String text,
				@EtcdValue byte @Nullable [] bytes, @EtcdPrevValue @Nullable Flag previous,
				@EtcdPrevValue @Nullable KeyValue previousKv, @EtcdRevision long revision) {
			assertThat(event.type()).isEqualTo(type);
			assertThat(event.kv()).isEqualTo(kv);
			assertThat(new String(keyBytes, StandardCharsets.UTF_8)).isEqualTo(key);
			assertThat(revision).isEqualTo(event.revision());
			assertThat((bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : null).isEqualTo(text);
			assertThat((previousKv != null) ? previousKv.valueAsString() : null)
				.isEqualTo(event.prevKv().map(KeyValue::valueAsString).orElse(null));
			this.seen.add("all " + type + " " + key + " " + flag + " was " + previous);
		}

		@EtcdWatch(key = "${test.prefix}flags/", prefix = true)
		void keyAndValue(String key, @Nullable Flag value) {
			this.seen.add("pair " + key + " " + value);
		}

		@EtcdWatch(key = "${test.prefix}count")
		void number(@Nullable Integer count) {
			this.seen.add("count " + count);
		}

	}

	@Test
	void everyKindOfParameterWithJsonValues() {
		try (AnnotationConfigApplicationContext context = start(EveryParameter.class)) {
			EtcdTemplate template = new EtcdTemplate(client,
					new DefaultEtcdValueConverter(new DefaultConversionService()));
			put("flags/dark", "{\"name\":\"dark\",\"on\":true}");
			put("flags/dark", "{\"name\":\"dark\",\"on\":false}");
			client.kv().delete(this.p + "flags/dark").join();
			template.put(this.p + "count", 42);
			Seen seen = context.getBean(Seen.class);
			awaitLines(seen, 7);
			assertThat(seen.lines).containsExactlyInAnyOrder("all PUT flags/dark Flag[name=dark, on=true] was null",
					"all PUT flags/dark Flag[name=dark, on=false] was Flag[name=dark, on=true]",
					"all DELETE flags/dark null was Flag[name=dark, on=false]",
					"pair flags/dark Flag[name=dark, on=true]", "pair flags/dark Flag[name=dark, on=false]",
					"pair flags/dark null", "count 42");
		}
	}

	/** A converter bean of the application is the one listeners read values with. */
	@Configuration(proxyBeanMethods = false)
	static class ShoutingConverter {

		@Bean
		EtcdTemplate etcdTemplate(EtcdClient client) {
			return new EtcdTemplate(client, new DefaultEtcdValueConverter(new DefaultConversionService()) {

				@Override
				@SuppressWarnings("unchecked")
				public <T> T read(dev.etcdspring.client.ByteSequence bytes, Class<T> type) {
					return (type == String.class) ? (T) bytes.toString().toUpperCase() : super.read(bytes, type);
				}

			});
		}

		@Bean
		TextListener textListener(Seen seen) {
			return new TextListener(seen);
		}

	}

	static class TextListener {

		private final Seen seen;

		TextListener(Seen seen) {
			this.seen = seen;
		}

		@EtcdWatch(key = "${test.prefix}text")
		void text(String value) {
			this.seen.add(value);
		}

	}

	@Test
	void valuesAreReadWithTheTemplatesConverter() {
		try (AnnotationConfigApplicationContext context = start(ShoutingConverter.class)) {
			put("text", "quiet");
			Seen seen = context.getBean(Seen.class);
			awaitLines(seen, 1);
			assertThat(seen.lines).containsExactly("QUIET");
		}
	}

	static class Batches {

		private final Seen seen;

		Batches(Seen seen) {
			this.seen = seen;
		}

		@EtcdWatch(key = "${test.prefix}", prefix = true)
		void batch(List<WatchEvent> events, @EtcdRevision long revision) {
			this.seen.add(events.size() + " events, last @" + (revision == events.get(events.size() - 1).revision()));
		}

	}

	@Test
	void aBatchListenerGetsTheEventsOfOneResponse() {
		try (AnnotationConfigApplicationContext context = start(Batches.class)) {
			client.kv()
				.txn()
				.then(PutOp.of(this.p + "a", "1"), PutOp.of(this.p + "b", "2"), PutOp.of(this.p + "c", "3"))
				.commit()
				.join();
			Seen seen = context.getBean(Seen.class);
			awaitLines(seen, 1);
			assertThat(seen.lines).containsExactly("3 events, last @true");
		}
	}

	static class History {

		private final Seen seen;

		History(Seen seen) {
			this.seen = seen;
		}

		@EtcdWatch(key = "${test.prefix}", prefix = true, startRevision = "${test.start}")
		void onEvent(WatchEvent event) {
			this.seen.add(event);
		}

	}

	@Test
	void aStartRevisionReplaysTheHistoryFromThere() {
		put("k", "before");
		long start = client.kv().put(this.p + "k", "1").join().header().revision();
		put("k", "2");
		client.kv().delete(this.p + "k").join();
		try (AnnotationConfigApplicationContext context = start(Map.of("test.start", start), History.class)) {
			put("k", "3");
			Seen seen = context.getBean(Seen.class);
			awaitLines(seen, 4);
			assertThat(seen.lines).containsExactly("PUT k=1", "PUT k=2", "DELETE k=", "PUT k=3");
			assertThat(seen.events.get(0).revision()).isEqualTo(start);
		}
	}

}
