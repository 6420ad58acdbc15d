package dev.etcdspring.core;

import dev.etcdspring.client.error.EtcdException;

import org.springframework.dao.UncategorizedDataAccessException;

/**
 * An etcd error with no closer Spring category. The etcd exception is the cause.
 */
public class EtcdSystemException extends UncategorizedDataAccessException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message the message
	 * @param cause the etcd exception
	 */
	public EtcdSystemException(String message, EtcdException cause) {
		super(message, cause);
	}

}
