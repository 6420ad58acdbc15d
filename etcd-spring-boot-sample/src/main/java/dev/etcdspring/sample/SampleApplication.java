package dev.etcdspring.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A feature-flag service backed by etcd through the starter: flags over HTTP with
 * {@code EtcdTemplate}, a local view kept by {@code @EtcdWatch}, a greeting read from
 * etcd as configuration, a scheduled job guarded by an etcd lock, a leader-only
 * component, health and metrics.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
