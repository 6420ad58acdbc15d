package dev.etcdspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.etcdspring.client.watch.WatchEvent;
import dev.etcdspring.listener.OnCompaction;

import org.springframework.core.annotation.AliasFor;

/**
 * Calls the annotated bean method with the changes of an etcd key, prefix or range, while
 * the application context runs (turned on by {@link EnableEtcdWatch}, or by Spring Boot's
 * auto-configuration).
 *
 * <pre class="code">
 * &#64;EtcdWatch(key = "${app.flags}", prefix = true, initialLoad = true)
 * void onFlag(String key, &#64;Nullable Flag value, WatchEvent.Type type) { … }
 * </pre>
 *
 * <h2>Delivery</h2> Events come in revision order, one call at a time, each once, also
 * across reconnects and member failures. A method that throws is called again as the
 * back-off allows, then the error handler decides (by default: log key, revision and
 * exception, go on). After a compaction of the history the listener needed, the current
 * state is read and the difference delivered (see {@link OnCompaction}). Watches open
 * when the context has started (a late {@link org.springframework.context.SmartLifecycle}
 * phase) and close when it stops; the {@link dev.etcdspring.listener.EtcdWatchRegistry}
 * starts and stops them by {@link #id()}.
 *
 * <h2>Parameters</h2> Resolved by annotation, then by type:
 * <ul>
 * <li>{@link EtcdKey @EtcdKey}: the key, as {@code String}, {@code byte[]} or
 * {@link dev.etcdspring.client.ByteSequence};</li>
 * <li>{@link EtcdValue @EtcdValue}: the value, as {@code String}, {@code byte[]},
 * {@code ByteSequence} or any type the value converter reads (simple values through
 * Spring's conversion service, other objects as JSON with Jackson); {@code null} for a
 * delete;</li>
 * <li>{@link EtcdPrevValue @EtcdPrevValue}: the previous value (needs {@link #prevKv()}),
 * converted the same way, or the previous {@link dev.etcdspring.client.KeyValue};
 * {@code null} when there was none;</li>
 * <li>{@link EtcdRevision @EtcdRevision} {@code long}: the event's revision (for a batch,
 * the last event's);</li>
 * <li>{@link WatchEvent}, {@link WatchEvent.Type},
 * {@link dev.etcdspring.client.KeyValue}: the event, its type, the key's new state;</li>
 * <li>{@code List<WatchEvent>}: makes the method a batch listener, called with the events
 * of one watch response (or of a whole initial load); it may take only that list and
 * {@code @EtcdRevision} (a value that is a JSON array needs {@code @EtcdValue});</li>
 * <li>any other parameter without annotation: the value; with two such parameters, the
 * first is the key and the second the value.</li>
 * </ul>
 * A signature that cannot be served fails the context's start with a message naming the
 * bean, the method and the parameter.
 *
 * <p>
 * String attributes may hold {@code ${…}} placeholders and then {@code #{…}} SpEL
 * expressions.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface EtcdWatch {

	/**
	 * Alias for {@link #key()}.
	 * @return the key
	 */
	@AliasFor("key")
	String value() default "";

	/**
	 * The key to watch, or the prefix with {@link #prefix()}, or the first key of a range
	 * with {@link #rangeEnd()}; relative to the client's namespace.
	 * @return the key
	 */
	@AliasFor("value")
	String key() default "";

	/**
	 * Whether {@link #key()} is a prefix: every key that begins with it (an empty prefix
	 * means all keys).
	 * @return whether to watch a prefix
	 */
	boolean prefix() default false;

	/**
	 * The end of a range of keys {@code [key, rangeEnd)}, exclusive.
	 * @return the range end, or empty for none
	 */
	String rangeEnd() default "";

	/**
	 * The first revision to deliver, when the history should be replayed from there (it
	 * must not be compacted). Empty (the default) delivers the changes from the start of
	 * the context on.
	 * @return the start revision
	 */
	String startRevision() default "";

	/**
	 * Whether events carry the key's previous state, for {@link EtcdPrevValue}.
	 * @return whether to ask for previous values
	 */
	boolean prevKv() default false;

	/**
	 * The event types to deliver; both by default.
	 * @return PUT, DELETE or both
	 */
	WatchEvent.Type[] types() default { WatchEvent.Type.PUT, WatchEvent.Type.DELETE };

	/**
	 * Whether to deliver the current values under the keys first, as PUT events read at
	 * one revision, then the changes from the next revision on (no gap, no duplicate).
	 * The context's start waits for the initial load.
	 * @return whether to load the current state first
	 */
	boolean initialLoad() default false;

	/**
	 * The listener's id in the {@link dev.etcdspring.listener.EtcdWatchRegistry}; by
	 * default the bean name and the method name, {@code bean.method}.
	 * @return the id
	 */
	String id() default "";

	/**
	 * Whether the listener starts with the context ({@code true} or {@code false}, the
	 * default {@code true}); otherwise start it through the registry.
	 * @return whether to start automatically
	 */
	String autoStartup() default "";

	/**
	 * The name of an {@link dev.etcdspring.listener.EtcdWatchErrorHandler} bean, called
	 * when the retries are exhausted and when the watch fails. Empty for the registry's
	 * default.
	 * @return the bean name
	 */
	String errorHandler() default "";

	/**
	 * The name of a {@link org.springframework.util.backoff.BackOff} bean pacing the
	 * calls again of a failing method. Empty for the registry's default (three calls, a
	 * second apart). The pauses hold the thread the listener runs on; name an
	 * {@link #executor()} for long ones.
	 * @return the bean name
	 */
	String backOff() default "";

	/**
	 * The name of an {@link java.util.concurrent.Executor} bean to call the method on
	 * (still one event at a time, in order). Empty for the client's callback executor.
	 * @return the bean name
	 */
	String executor() default "";

	/**
	 * What to do when the history to resume from was compacted; by default read the
	 * current state and deliver the difference.
	 * @return resynchronise or stop
	 */
	OnCompaction onCompaction() default OnCompaction.RESYNC;

}
