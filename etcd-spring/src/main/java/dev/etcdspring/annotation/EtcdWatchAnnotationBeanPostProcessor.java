package dev.etcdspring.annotation;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import dev.etcdspring.client.KeyRange;
import dev.etcdspring.core.EtcdTemplate;
import dev.etcdspring.core.convert.DefaultEtcdValueConverter;
import dev.etcdspring.core.convert.EtcdValueConverter;
import dev.etcdspring.core.convert.JacksonEtcdValueConverter;
import dev.etcdspring.listener.EtcdWatchEndpoint;
import dev.etcdspring.listener.EtcdWatchErrorHandler;
import dev.etcdspring.listener.EtcdWatchRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.convert.ConversionService;
import org.springframework.format.support.DefaultFormattingConversionService;
import org.springframework.util.ClassUtils;
import org.springframework.util.backoff.BackOff;

/**
 * Turns {@link EtcdWatch} methods into endpoints of the {@link EtcdWatchRegistry}: finds
 * them on every bean (on the target class of a proxy, calling them through the proxy),
 * resolves their attributes (placeholders, then SpEL), checks their signatures and
 * registers them once all singletons exist, so that the registry starts them with the
 * context. Lazy singletons with such methods are created then too: a listener cannot wait
 * for someone to ask for its bean.
 *
 * <p>
 * Values are read by the {@link EtcdValueConverter} bean, else the {@link EtcdTemplate}
 * bean's converter, else a converter over the context's conversion service (with JSON
 * when Jackson is present). Registered by {@link EnableEtcdWatch}.
 */
public class EtcdWatchAnnotationBeanPostProcessor
		implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton, Ordered {

	private static final boolean jacksonPresent = ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper",
			EtcdWatchAnnotationBeanPostProcessor.class.getClassLoader());

	private final Set<Class<?>> nonAnnotatedClasses = ConcurrentHashMap.newKeySet();

	private final List<Found> pending = new ArrayList<>();

	private final Map<String, String> ids = new HashMap<>();

	private boolean singletonsInstantiated;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	private @Nullable WatchAttributes attributes;

	private volatile @Nullable EtcdValueConverter converter;

	/** An annotated method found on a bean. */
	private record Found(Object bean, String beanName, Method method, EtcdWatch annotation) {
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if (!(beanFactory instanceof ConfigurableListableBeanFactory listable)) {
			throw new IllegalStateException("@EtcdWatch needs a ConfigurableListableBeanFactory, not " + beanFactory);
		}
		this.beanFactory = listable;
		this.attributes = new WatchAttributes(listable);
	}

	@Override
	public int getOrder() {
		// after the proxy creators: the listener is called through the proxy
		return LOWEST_PRECEDENCE;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> targetClass = AopProxyUtils.ultimateTargetClass(bean);
		Map<Method, EtcdWatch> methods = annotatedMethods(targetClass);
		List<Found> found = new ArrayList<>();
		methods.forEach((method, annotation) -> found.add(new Found(bean, beanName, method, annotation)));
		boolean now;
		synchronized (this.pending) {
			now = this.singletonsInstantiated;
			if (!now) {
				this.pending.addAll(found);
			}
		}
		if (now) {
			found.forEach(this::register);
		}
		return bean;
	}

	private Map<Method, EtcdWatch> annotatedMethods(Class<?> targetClass) {
		if (this.nonAnnotatedClasses.contains(targetClass)
				|| !AnnotationUtils.isCandidateClass(targetClass, EtcdWatch.class)) {
			return Map.of();
		}
		Map<Method, EtcdWatch> methods = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<EtcdWatch>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, EtcdWatch.class));
		if (methods.isEmpty()) {
			this.nonAnnotatedClasses.add(targetClass);
		}
		return methods;
	}

	@Override
	public void afterSingletonsInstantiated() {
		createLazyListeners();
		List<Found> found;
		synchronized (this.pending) {
			this.singletonsInstantiated = true;
			found = new ArrayList<>(this.pending);
			this.pending.clear();
		}
		found.forEach(this::register);
	}

	/**
	 * Creates the lazy singletons that have listeners, which then reach the pending list.
	 */
	private void createLazyListeners() {
		ConfigurableListableBeanFactory factory = beanFactory();
		for (String name : factory.getBeanDefinitionNames()) {
			BeanDefinition definition = factory.getMergedBeanDefinition(name);
			if (definition.isAbstract() || !definition.isSingleton() || !definition.isLazyInit()) {
				continue;
			}
			Class<?> type = factory.getType(name, false);
			if (type != null && !annotatedMethods(type).isEmpty()) {
				factory.getBean(name);
			}
		}
	}

	private void register(Found found) {
		String description = WatchMethodArguments.describe(found.method(), found.beanName());
		WatchAttributes attributes = attributes();
		EtcdWatch annotation = found.annotation();
		KeyRange range = attributes.range(annotation, description);
		WatchMethodArguments arguments = WatchMethodArguments.of(found.method(), found.beanName(), annotation.prevKv(),
				Set.of(annotation.types()));
		Method invocable = invocableMethod(found, description);
		String id = id(annotation, found, description);
		EtcdWatchEndpoint built;
		try {
			EtcdWatchEndpoint.Builder endpoint = EtcdWatchEndpoint.builder(id, range)
				.startRevision(attributes.startRevision(annotation, description))
				.prevKv(annotation.prevKv())
				.types(annotation.types())
				.initialLoad(annotation.initialLoad())
				.onCompaction(annotation.onCompaction())
				.autoStartup(attributes.autoStartup(annotation, description));
			String executor = attributes.beanName(annotation.executor(), "executor", description);
			if (executor != null) {
				endpoint.executor(attributes.bean(executor, Executor.class, "executor", description));
			}
			String backOff = attributes.beanName(annotation.backOff(), "backOff", description);
			if (backOff != null) {
				endpoint.backOff(attributes.bean(backOff, BackOff.class, "backOff", description));
			}
			String errorHandler = attributes.beanName(annotation.errorHandler(), "errorHandler", description);
			if (errorHandler != null) {
				endpoint.errorHandler(
						attributes.bean(errorHandler, EtcdWatchErrorHandler.class, "errorHandler", description));
			}
			WatchMethodListener listener = new WatchMethodListener(found.bean(), invocable, arguments, this::converter);
			if (arguments.isBatch()) {
				endpoint.batchListener(listener);
			}
			else {
				endpoint.listener(listener);
			}
			built = endpoint.build();
		}
		catch (IllegalArgumentException ex) {
			throw new BeanInitializationException(description + ": " + ex.getMessage(), ex);
		}
		converter();
		registry(description).registerEndpoint(built);
	}

	/**
	 * The method to call on the bean: on a JDK proxy the interface's method, which must
	 * exist; on a class proxy the method itself, which must not be private.
	 */
	private static Method invocableMethod(Found found, String description) {
		Method method = found.method();
		Object bean = found.bean();
		if (AopUtils.isJdkDynamicProxy(bean)) {
			for (Class<?> type : bean.getClass().getInterfaces()) {
				try {
					return type.getMethod(method.getName(), method.getParameterTypes());
				}
				catch (NoSuchMethodException ex) {
					// not on this interface
				}
			}
			throw new BeanInitializationException(description + " cannot be called: the bean is a JDK proxy whose "
					+ "interfaces "
					+ Arrays.stream(AopProxyUtils.proxiedUserInterfaces(bean)).map(Class::getSimpleName).toList()
					+ " do not declare the method. Declare it on one of them, or proxy the class instead "
					+ "(proxyTargetClass = true; in Spring Boot spring.aop.proxy-target-class=true)");
		}
		if (AopUtils.isAopProxy(bean) && Modifier.isPrivate(method.getModifiers())) {
			throw new BeanInitializationException(description + " is private, so its proxy cannot pass the call on "
					+ "to the bean: make it package-private, protected or public");
		}
		return method;
	}

	private String id(EtcdWatch annotation, Found found, String description) {
		String explicit = attributes().string(annotation.id(), "id", description);
		String where = found.beanName() + "." + found.method().getName();
		synchronized (this.ids) {
			if (!explicit.isEmpty()) {
				String other = this.ids.putIfAbsent(explicit, where);
				if (other != null) {
					throw new BeanInitializationException(description + ": the id '" + explicit + "' is taken by the "
							+ "@EtcdWatch method " + other + "; give each listener its own id");
				}
				return explicit;
			}
			String id = where;
			for (int n = 2; this.ids.containsKey(id); n++) {
				id = where + "#" + n;
			}
			this.ids.put(id, where);
			return id;
		}
	}

	private EtcdWatchRegistry registry(String description) {
		ConfigurableListableBeanFactory factory = beanFactory();
		if (!factory.containsBean(EtcdWatchRegistry.BEAN_NAME)) {
			throw new BeanInitializationException(description + " needs the bean '" + EtcdWatchRegistry.BEAN_NAME
					+ "': turn listeners on with @EnableEtcdWatch");
		}
		return factory.getBean(EtcdWatchRegistry.BEAN_NAME, EtcdWatchRegistry.class);
	}

	private EtcdValueConverter converter() {
		EtcdValueConverter current = this.converter;
		if (current == null) {
			ConfigurableListableBeanFactory factory = beanFactory();
			current = factory.getBeanProvider(EtcdValueConverter.class).getIfUnique();
			if (current == null) {
				EtcdTemplate template = factory.getBeanProvider(EtcdTemplate.class).getIfUnique();
				current = (template != null) ? template.getConverter() : null;
			}
			if (current == null) {
				ConversionService conversionService = (factory.getConversionService() != null)
						? factory.getConversionService() : new DefaultFormattingConversionService();
				current = jacksonPresent ? Json.converter(conversionService)
						: new DefaultEtcdValueConverter(conversionService);
			}
			this.converter = current;
		}
		return current;
	}

	private ConfigurableListableBeanFactory beanFactory() {
		if (this.beanFactory == null) {
			throw new IllegalStateException("No bean factory set");
		}
		return this.beanFactory;
	}

	private WatchAttributes attributes() {
		if (this.attributes == null) {
			throw new IllegalStateException("No bean factory set");
		}
		return this.attributes;
	}

	/** Loaded only when Jackson is present. */
	private static final class Json {

		static EtcdValueConverter converter(ConversionService conversionService) {
			return new JacksonEtcdValueConverter(conversionService, JsonMapper.builder().build());
		}

	}

}
