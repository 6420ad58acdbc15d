package dev.etcdspring.sample;

import dev.etcdspring.boot.config.EtcdRefreshable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * A setting read from etcd through {@code spring.config.import=etcd:} (key
 * {@code settings/sample/greeting/message} under the namespace), rebound when it changes.
 */
@EtcdRefreshable
@ConfigurationProperties("greeting")
public class GreetingSettings {

	/**
	 * What /greeting answers.
	 */
	private String message = "Hello";

	public String getMessage() {
		return this.message;
	}

	public void setMessage(String message) {
		this.message = message;
	}

}
