package dev.etcdspring.annotation;

import java.time.Duration;

import dev.etcdspring.annotation.WatchContexts.Seen;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Listeners on beans behind proxies: called through the proxy, so that its advice
 * applies.
 */
class EtcdWatchProxyTests extends WatchTestSupport {

	/** Transactions that do nothing but exist. */
	static class NoOpTransactionManager extends AbstractPlatformTransactionManager {

		private static final long serialVersionUID = 1L;

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
		}

	}

	public interface FlagService {

		void onFlag(String value);

	}

	static class TransactionalFlags implements FlagService {

		private final Seen seen;

		TransactionalFlags(Seen seen) {
			this.seen = seen;
		}

		@Override
		@Transactional
		@EtcdWatch("${test.prefix}flag")
		public void onFlag(String value) {
			this.seen.add("jdk " + value + " in a transaction: "
					+ TransactionSynchronizationManager.isActualTransactionActive());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement
	static class JdkProxies {

		@Bean
		PlatformTransactionManager transactionManager() {
			return new NoOpTransactionManager();
		}

		@Bean
		FlagService flags(Seen seen) {
			return new TransactionalFlags(seen);
		}

	}

	@Test
	void aJdkProxyIsCalledThroughTheInterface() {
		try (AnnotationConfigApplicationContext context = start(JdkProxies.class)) {
			assertThat(AopUtils.isJdkDynamicProxy(context.getBean("flags"))).isTrue();
			client.kv().put(this.p + "flag", "on").join();
			Seen seen = context.getBean(Seen.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> !seen.lines.isEmpty());
			assertThat(seen.lines).containsExactly("jdk on in a transaction: true");
		}
	}

	static class ClassProxied {

		private final Seen seen;

		ClassProxied(Seen seen) {
			this.seen = seen;
		}

		@Transactional
		@EtcdWatch("${test.prefix}flag")
		void onFlag(String value) {
			this.seen.add("cglib " + value + " in a transaction: "
					+ TransactionSynchronizationManager.isActualTransactionActive());
		}

		@EtcdWatch("${test.prefix}other")
		void onOther(String value) {
			this.seen.add("cglib other " + value);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement(proxyTargetClass = true)
	static class ClassProxies {

		@Bean
		PlatformTransactionManager transactionManager() {
			return new NoOpTransactionManager();
		}

		@Bean
		ClassProxied flags(Seen seen) {
			return new ClassProxied(seen);
		}

	}

	@Test
	void aClassProxyIsCalledLikeTheBean() {
		try (AnnotationConfigApplicationContext context = start(ClassProxies.class)) {
			assertThat(AopUtils.isCglibProxy(context.getBean("flags"))).isTrue();
			client.kv().put(this.p + "flag", "on").join();
			client.kv().put(this.p + "other", "too").join();
			Seen seen = context.getBean(Seen.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> seen.lines.size() == 2);
			assertThat(seen.lines).containsExactlyInAnyOrder("cglib on in a transaction: true", "cglib other too");
		}
	}

	public static class HiddenByJdkProxy implements Runnable {

		@Override
		public void run() {
		}

		@Transactional
		@EtcdWatch("${test.prefix}flag")
		public void onFlag(String value) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement
	static class HidingProxy {

		@Bean
		PlatformTransactionManager transactionManager() {
			return new NoOpTransactionManager();
		}

		@Bean
		Runnable hidden() {
			return new HiddenByJdkProxy();
		}

	}

	@Test
	void aMethodAJdkProxyHidesFailsStartUpWithWhatToDo() {
		assertThatExceptionOfType(BeanInitializationException.class).isThrownBy(() -> start(HidingProxy.class).close())
			.withMessageContaining("HiddenByJdkProxy.onFlag(String) of bean 'hidden'")
			.withMessageContaining("JDK proxy")
			.withMessageContaining("[Runnable]")
			.withMessageContaining("proxyTargetClass = true");
	}

}
