package dev.etcdspring.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.support.PersistenceExceptionTranslator;

/**
 * How an {@link EtcdTemplate} runs its work: each method observed under its operation's
 * name, each call to etcd awaited within the method's deadline, and failures translated
 * into Spring's {@link DataAccessException} family. Thread-safe.
 */
final class TemplateCalls {

	private final PersistenceExceptionTranslator translator;

	TemplateCalls(PersistenceExceptionTranslator translator) {
		this.translator = translator;
	}

	/**
	 * Runs the work of one template method, observed when the registry is not a no-op
	 * one.
	 * @param <T> the result type
	 * @param registry where to observe the work
	 * @param operation the low-cardinality name of the operation
	 * @param work the work
	 * @return its result
	 */
	static <T> T observe(ObservationRegistry registry, String operation, Supplier<T> work) {
		if (registry.isNoop()) {
			return work.get();
		}
		return Observation.createNotStarted(EtcdTemplate.OBSERVATION_NAME, registry)
			.contextualName("etcd " + operation)
			.lowCardinalityKeyValue(EtcdTemplate.OPERATION_KEY, operation)
			.observe(work);
	}

	/**
	 * One of the calls of a method, within the method's deadline, its failure translated.
	 * @param <T> the result type
	 * @param deadline the method's deadline
	 * @param call starts the call
	 * @return the call's result
	 */
	<T> T await(Deadline deadline, Supplier<CompletableFuture<T>> call) {
		try {
			return deadline.await(call);
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	/**
	 * The exception to throw for a failure: a {@link DataAccessException} when the
	 * translator knows one, else the failure itself (unwrapped from a
	 * {@link CompletionException}).
	 * @param ex the failure
	 * @return the exception to throw
	 */
	RuntimeException translate(RuntimeException ex) {
		RuntimeException failure = ex;
		if (ex instanceof CompletionException && ex.getCause() instanceof RuntimeException cause) {
			failure = cause;
		}
		if (failure instanceof DataAccessException) {
			return failure;
		}
		DataAccessException translated = this.translator.translateExceptionIfPossible(failure);
		return (translated != null) ? translated : failure;
	}

}
