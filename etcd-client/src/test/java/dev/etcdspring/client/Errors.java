package dev.etcdspring.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Test helpers for futures that report an ending. */
public final class Errors {

	private Errors() {
	}

	/**
	 * Waits for a handle's {@code ended()} future, which must complete exceptionally.
	 * @param ended the future
	 * @return the reason it ended with
	 */
	public static Throwable endedWith(CompletableFuture<Void> ended) {
		Throwable thrown = catchThrowable(ended::join);
		assertThat(thrown).as("ended with an error").isInstanceOf(CompletionException.class);
		return thrown.getCause();
	}

}
