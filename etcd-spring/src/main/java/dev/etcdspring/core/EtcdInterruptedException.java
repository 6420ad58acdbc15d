package dev.etcdspring.core;

import org.springframework.dao.DataAccessException;

/**
 * The thread calling {@link EtcdTemplate} was interrupted, before or while it waited for
 * etcd. The call in flight, if any, was cancelled; a write may or may not have been
 * applied. The thread's interrupt flag is set again when this exception is thrown, so
 * that the code above it can still see the interruption; the {@link InterruptedException}
 * is the cause.
 */
public class EtcdInterruptedException extends DataAccessException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what was interrupted and what became of the call
	 * @param cause the interruption
	 */
	public EtcdInterruptedException(String message, InterruptedException cause) {
		super(message, cause);
	}

}
