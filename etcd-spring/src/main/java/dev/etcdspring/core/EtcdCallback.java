package dev.etcdspring.core;

import dev.etcdspring.client.EtcdClient;

/**
 * Work done with the etcd client itself, through
 * {@link EtcdTemplate#execute(EtcdCallback)}.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface EtcdCallback<T> {

	/**
	 * Does the work. Etcd exceptions thrown here (also wrapped in a
	 * {@code CompletionException}) are translated into Spring's
	 * {@code DataAccessException}s.
	 * @param client the client
	 * @return the result
	 */
	T doWithClient(EtcdClient client);

}
