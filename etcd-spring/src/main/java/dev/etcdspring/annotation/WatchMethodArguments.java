package dev.etcdspring.annotation;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.KeyValue;
import dev.etcdspring.client.watch.WatchEvent;
import dev.etcdspring.core.convert.EtcdValueConverter;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * How each parameter of an {@link EtcdWatch} method is served, decided once when the
 * method is found (see the rules on {@link EtcdWatch}); a parameter that cannot be served
 * fails start-up with the bean, method and parameter named. Immutable and thread-safe.
 */
final class WatchMethodArguments {

	/**
	 * Serves one parameter from an event (null for a batch) or a batch (one event for a
	 * single).
	 */
	@FunctionalInterface
	private interface Resolver {

		@Nullable Object resolve(@Nullable WatchEvent event, List<WatchEvent> batch, EtcdValueConverter converter);

	}

	private static final Set<Class<?>> KEY_TYPES = Set.of(String.class, byte[].class, ByteSequence.class);

	/**
	 * Holds the place of a parameter that becomes the key or the value once all are seen.
	 */
	private static final Resolver UNDECIDED = (event, batch, converter) -> {
		throw new IllegalStateException("undecided parameter");
	};

	private final List<Resolver> resolvers;

	private final boolean batch;

	private WatchMethodArguments(List<Resolver> resolvers, boolean batch) {
		this.resolvers = resolvers;
		this.batch = batch;
	}

	/**
	 * Works out how to serve every parameter of a method.
	 * @param method the annotated method
	 * @param beanName the bean's name, for messages
	 * @param prevKv whether events carry previous values
	 * @param types the event types delivered
	 * @return the arguments
	 * @throws BeanInitializationException naming bean, method and parameter, when one
	 * cannot be served
	 */
	static WatchMethodArguments of(Method method, String beanName, boolean prevKv, Set<WatchEvent.Type> types) {
		Builder builder = new Builder(method, beanName, prevKv, types.contains(WatchEvent.Type.DELETE));
		for (int i = 0; i < method.getParameterCount(); i++) {
			builder.add(new MethodParameter(method, i));
		}
		return builder.build();
	}

	/**
	 * Whether the method takes the events of a response as a {@code List<WatchEvent>}.
	 * @return whether it is a batch listener
	 */
	boolean isBatch() {
		return this.batch;
	}

	@Nullable Object[] forEvent(WatchEvent event, EtcdValueConverter converter) {
		return resolve(event, List.of(event), converter);
	}

	@Nullable Object[] forBatch(List<WatchEvent> events, EtcdValueConverter converter) {
		return resolve(null, events, converter);
	}

	private @Nullable Object[] resolve(@Nullable WatchEvent event, List<WatchEvent> batch,
			EtcdValueConverter converter) {
		@Nullable Object[] args = new Object[this.resolvers.size()];
		for (int i = 0; i < args.length; i++) {
			args[i] = this.resolvers.get(i).resolve(event, batch, converter);
		}
		return args;
	}

	static String describe(Method method, String beanName) {
		String parameters = Arrays.stream(method.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(", "));
		return "@EtcdWatch method " + ClassUtils.getShortName(method.getDeclaringClass()) + "." + method.getName() + "("
				+ parameters + ") of bean '" + beanName + "'";
	}

	private static @Nullable Object read(@Nullable KeyValue kv, Class<?> type, EtcdValueConverter converter) {
		if (kv == null) {
			return null;
		}
		return (type == KeyValue.class) ? kv : converter.read(kv.value(), type);
	}

	private static Object keyAs(ByteSequence key, Class<?> type) {
		if (type == String.class) {
			return key.toString();
		}
		return (type == byte[].class) ? key.toByteArray() : key;
	}

	private static WatchEvent single(@Nullable WatchEvent event) {
		if (event == null) {
			throw new IllegalStateException("A per-event parameter in a batch listener");
		}
		return event;
	}

	/**
	 * Collects the resolvers, and the parameters without annotation that the key and
	 * value take.
	 */
	private static final class Builder {

		private final Method method;

		private final String beanName;

		private final boolean prevKv;

		private final boolean deletes;

		private final List<Resolver> resolvers = new ArrayList<>();

		private final List<MethodParameter> unannotated = new ArrayList<>();

		private @Nullable MethodParameter batchList;

		private final List<MethodParameter> perEvent = new ArrayList<>();

		Builder(Method method, String beanName, boolean prevKv, boolean deletes) {
			this.method = method;
			this.beanName = beanName;
			this.prevKv = prevKv;
			this.deletes = deletes;
		}

		void add(MethodParameter parameter) {
			parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
			Class<?> type = parameter.getParameterType();
			long marks = Arrays.stream(parameter.getParameterAnnotations())
				.filter((a) -> a instanceof EtcdKey || a instanceof EtcdValue || a instanceof EtcdPrevValue
						|| a instanceof EtcdRevision)
				.count();
			if (marks > 1) {
				throw fail(parameter, "it has more than one of @EtcdKey, @EtcdValue, @EtcdPrevValue and @EtcdRevision; "
						+ "keep one");
			}
			if (parameter.hasParameterAnnotation(EtcdRevision.class)) {
				if (type != long.class && type != Long.class) {
					throw fail(parameter, "@EtcdRevision needs a long or Long parameter");
				}
				this.resolvers.add((event, batch, converter) -> batch.get(batch.size() - 1).revision());
			}
			else if (parameter.hasParameterAnnotation(EtcdKey.class)) {
				key(parameter);
			}
			else if (parameter.hasParameterAnnotation(EtcdValue.class)) {
				value(parameter);
			}
			else if (parameter.hasParameterAnnotation(EtcdPrevValue.class)) {
				if (!this.prevKv) {
					throw fail(parameter, "@EtcdPrevValue needs previous values: set prevKv = true on @EtcdWatch");
				}
				nullable(parameter, "the previous value is null when the key had none");
				this.perEvent.add(parameter);
				this.resolvers
					.add((event, batch, converter) -> read(single(event).prevKv().orElse(null), type, converter));
			}
			else {
				byType(parameter, type);
			}
		}

		private void byType(MethodParameter parameter, Class<?> type) {
			if (type == WatchEvent.class) {
				perEvent(parameter, (event, batch, converter) -> single(event));
			}
			else if (type == WatchEvent.Type.class) {
				perEvent(parameter, (event, batch, converter) -> single(event).type());
			}
			else if (type == KeyValue.class) {
				perEvent(parameter, (event, batch, converter) -> single(event).kv());
			}
			else if (Iterable.class.isAssignableFrom(type)
					&& (type.isAssignableFrom(List.class) || element(parameter) == WatchEvent.class)) {
				if (!type.isAssignableFrom(List.class) || element(parameter) != WatchEvent.class) {
					throw fail(parameter, "a batch listener takes the events of one response as List<WatchEvent> "
							+ "(mark a value that holds a JSON array with @EtcdValue)");
				}
				if (this.batchList != null) {
					throw fail(parameter, "the method takes the events twice; keep one List<WatchEvent>");
				}
				this.batchList = parameter;
				this.resolvers.add((event, batch, converter) -> batch);
			}
			else {
				this.unannotated.add(parameter);
				this.resolvers.add(UNDECIDED);
			}
		}

		private static @Nullable Class<?> element(MethodParameter parameter) {
			return ResolvableType.forMethodParameter(parameter).as(Iterable.class).resolveGeneric(0);
		}

		private void key(MethodParameter parameter) {
			Class<?> type = parameter.getParameterType();
			if (!KEY_TYPES.contains(type)) {
				throw fail(parameter, "a key is a String, byte[] or ByteSequence");
			}
			perEvent(parameter, (event, batch, converter) -> keyAs(single(event).kv().key(), type));
		}

		private void value(MethodParameter parameter) {
			Class<?> type = parameter.getParameterType();
			if (this.deletes) {
				nullable(parameter, "the value is null for a delete (or deliver PUT events only)");
			}
			perEvent(parameter, (event, batch, converter) -> {
				WatchEvent single = single(event);
				return (single.type() == WatchEvent.Type.DELETE) ? null : read(single.kv(), type, converter);
			});
		}

		private void nullable(MethodParameter parameter, String why) {
			if (parameter.getParameterType().isPrimitive()) {
				throw fail(parameter,
						why + ": use "
								+ ClassUtils.resolvePrimitiveIfNecessary(parameter.getParameterType()).getSimpleName()
								+ " instead of " + parameter.getParameterType());
			}
		}

		private void perEvent(MethodParameter parameter, Resolver resolver) {
			this.perEvent.add(parameter);
			this.resolvers.add(resolver);
		}

		WatchMethodArguments build() {
			if (this.unannotated.size() > 2) {
				throw fail(this.unannotated.get(2), "without annotations only the key and the value can be served; "
						+ "mark parameters with @EtcdKey, @EtcdValue, @EtcdPrevValue or @EtcdRevision, or take the "
						+ "WatchEvent");
			}
			if (this.unannotated.size() == 2) {
				MethodParameter keyParameter = this.unannotated.get(0);
				if (!KEY_TYPES.contains(keyParameter.getParameterType())) {
					throw fail(keyParameter, "of two parameters without annotation the first is the key (a String, "
							+ "byte[] or ByteSequence) and the second the value; mark them with @EtcdKey and @EtcdValue");
				}
				replace(keyParameter, this::key);
			}
			if (!this.unannotated.isEmpty()) {
				replace(this.unannotated.get(this.unannotated.size() - 1), this::value);
			}
			if (this.batchList != null && !this.perEvent.isEmpty()) {
				throw fail(this.perEvent.get(0), "a batch listener (List<WatchEvent>) is called once for several "
						+ "events, so it takes only the list and @EtcdRevision; read keys and values from the events");
			}
			return new WatchMethodArguments(List.copyOf(this.resolvers), this.batchList != null);
		}

		/** Serves an unannotated parameter as the key or the value, in its place. */
		private void replace(MethodParameter parameter, Consumer<MethodParameter> how) {
			int size = this.resolvers.size();
			how.accept(parameter);
			Resolver resolver = this.resolvers.remove(size);
			this.resolvers.set(parameter.getParameterIndex(), resolver);
		}

		private BeanInitializationException fail(MethodParameter parameter, String why) {
			String name = parameter.getParameterName();
			return new BeanInitializationException(describe(this.method, this.beanName) + ": parameter "
					+ (parameter.getParameterIndex() + 1) + " ("
					+ ResolvableType.forMethodParameter(parameter).toString().replaceAll("[\\w.]+\\.(\\w+)", "$1")
					+ ((name != null) ? " " + name : "") + ") cannot be served: " + why);
		}

	}

}
