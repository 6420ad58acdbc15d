package dev.etcdspring.core;

import dev.etcdspring.client.error.AuthException;
import dev.etcdspring.client.error.ClientClosedException;
import dev.etcdspring.client.error.CompactedException;
import dev.etcdspring.client.error.DialTimeoutException;
import dev.etcdspring.client.error.EtcdException;
import dev.etcdspring.client.error.FutureRevisionException;
import dev.etcdspring.client.error.InvalidRequestException;
import dev.etcdspring.client.error.LeaseLostException;
import dev.etcdspring.client.error.LeaseNotFoundException;
import dev.etcdspring.client.error.LockTimeoutException;
import dev.etcdspring.client.error.NoSpaceException;
import dev.etcdspring.client.error.NotLeaderException;
import dev.etcdspring.client.error.RequestTimeoutException;
import dev.etcdspring.client.error.TlsException;
import dev.etcdspring.client.error.TooManyRequestsException;
import dev.etcdspring.client.error.UnavailableException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.dao.support.PersistenceExceptionTranslator;

/**
 * Translates the etcd client's exceptions into Spring's {@link DataAccessException}
 * family; the original exception is kept as the cause.
 *
 * <table>
 * <caption>Translations</caption>
 * <tr>
 * <th>etcd client</th>
 * <th>Spring</th>
 * </tr>
 * <tr>
 * <td>UnavailableException (no member could serve; no leader),
 * TooManyRequestsException</td>
 * <td>TransientDataAccessResourceException: try again later</td>
 * </tr>
 * <tr>
 * <td>DialTimeoutException, ClientClosedException, NoSpaceException, TlsException</td>
 * <td>DataAccessResourceFailureException</td>
 * </tr>
 * <tr>
 * <td>RequestTimeoutException</td>
 * <td>QueryTimeoutException</td>
 * </tr>
 * <tr>
 * <td>LockTimeoutException</td>
 * <td>CannotAcquireLockException</td>
 * </tr>
 * <tr>
 * <td>AuthException (permission denied, authentication failed, bad token)</td>
 * <td>PermissionDeniedDataAccessException</td>
 * </tr>
 * <tr>
 * <td>InvalidRequestException (empty key, too large, too many txn ops, duplicate
 * key…)</td>
 * <td>InvalidDataAccessApiUsageException</td>
 * </tr>
 * <tr>
 * <td>CompactedException</td>
 * <td>DataRetrievalFailureException</td>
 * </tr>
 * <tr>
 * <td>LeaseNotFoundException, LeaseLostException, FutureRevisionException,
 * NotLeaderException</td>
 * <td>InvalidDataAccessResourceUsageException</td>
 * </tr>
 * <tr>
 * <td>any other EtcdException</td>
 * <td>{@link EtcdSystemException}</td>
 * </tr>
 * </table>
 */
public class EtcdExceptionTranslator implements PersistenceExceptionTranslator {

	@Override
	public @Nullable DataAccessException translateExceptionIfPossible(RuntimeException ex) {
		if (!(ex instanceof EtcdException etcd)) {
			return null;
		}
		String message = java.util.Objects.requireNonNullElse(etcd.getMessage(), etcd.getClass().getSimpleName());
		if (etcd instanceof LockTimeoutException) {
			return new CannotAcquireLockException(message, etcd);
		}
		if (etcd instanceof RequestTimeoutException) {
			return new QueryTimeoutException(message, etcd);
		}
		if (etcd instanceof UnavailableException || etcd instanceof TooManyRequestsException) {
			return new TransientDataAccessResourceException(message, etcd);
		}
		if (etcd instanceof DialTimeoutException || etcd instanceof ClientClosedException
				|| etcd instanceof NoSpaceException || etcd instanceof TlsException) {
			return new DataAccessResourceFailureException(message, etcd);
		}
		if (etcd instanceof AuthException) { // permission denied among them
			return new PermissionDeniedDataAccessException(message, etcd);
		}
		if (etcd instanceof InvalidRequestException && !(etcd instanceof FutureRevisionException)) {
			return new InvalidDataAccessApiUsageException(message, etcd);
		}
		if (etcd instanceof CompactedException) {
			return new DataRetrievalFailureException(message, etcd);
		}
		if (etcd instanceof LeaseNotFoundException || etcd instanceof LeaseLostException
				|| etcd instanceof FutureRevisionException || etcd instanceof NotLeaderException) {
			return new InvalidDataAccessResourceUsageException(message, etcd);
		}
		return new EtcdSystemException(message, etcd);
	}

}
