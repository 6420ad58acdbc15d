package dev.etcdspring.annotation;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Supplier;

import dev.etcdspring.client.watch.WatchEvent;
import dev.etcdspring.core.convert.EtcdValueConverter;
import dev.etcdspring.listener.EtcdWatchBatchListener;
import dev.etcdspring.listener.EtcdWatchListener;

import org.springframework.util.ReflectionUtils;

/**
 * Calls an {@link EtcdWatch} method: through the bean as the container holds it (a proxy,
 * so that {@code @Transactional} and other advice apply), with arguments served by
 * {@link WatchMethodArguments}. What the method throws is passed on as it is.
 * Thread-safe.
 */
final class WatchMethodListener implements EtcdWatchListener, EtcdWatchBatchListener {

	private final Object bean;

	private final Method method;

	private final WatchMethodArguments arguments;

	private final Supplier<EtcdValueConverter> converter;

	/**
	 * A listener calling a method.
	 * @param bean the bean, possibly a proxy
	 * @param method the method to call on it (the proxy's, for a JDK proxy)
	 * @param arguments how to serve the parameters
	 * @param converter reads values
	 */
	WatchMethodListener(Object bean, Method method, WatchMethodArguments arguments,
			Supplier<EtcdValueConverter> converter) {
		this.bean = bean;
		this.method = method;
		this.arguments = arguments;
		this.converter = converter;
		ReflectionUtils.makeAccessible(method);
	}

	@Override
	public void onEvent(WatchEvent event) throws Exception {
		invoke(this.arguments.forEvent(event, this.converter.get()));
	}

	@Override
	public void onEvents(List<WatchEvent> events) throws Exception {
		invoke(this.arguments.forBatch(events, this.converter.get()));
	}

	private void invoke(Object[] args) throws Exception {
		try {
			this.method.invoke(this.bean, args);
		}
		catch (InvocationTargetException ex) {
			Throwable target = ex.getTargetException();
			if (target instanceof Exception exception) {
				throw exception;
			}
			if (target instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(target);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot call " + this.method, ex);
		}
	}

	@Override
	public String toString() {
		return "@EtcdWatch " + this.method;
	}

}
