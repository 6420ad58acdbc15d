package dev.etcdspring.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.etcdspring.benchmarks.clients.ClientKind;

/**
 * What every part of the Markdown report writes with: the report, the text so far, and
 * lines, rows and notes.
 */
abstract class MarkdownText {

	final Report report;

	private final StringBuilder out;

	MarkdownText(Report report, StringBuilder out) {
		this.report = report;
		this.out = out;
	}

	/**
	 * Writes one table row per client that ran, in report order: the client's id, then
	 * its columns.
	 * @param <C> the per-client view
	 * @param cellOf a client's view, if it ran
	 * @param firstError a view's first failure, or empty
	 * @param columns a view's columns after the id
	 * @return each client's first failure, for the notes
	 */
	final <C> List<String> clientRows(Function<ClientKind, Optional<C>> cellOf, Function<C, String> firstError,
			Function<C, List<String>> columns) {
		List<String> notes = new ArrayList<>();
		for (ClientKind client : ClientKind.values()) {
			cellOf.apply(client).ifPresent((cell) -> {
				String error = firstError.apply(cell);
				if (!error.isEmpty()) {
					notes.add(client.id() + ": " + error);
				}
				line("| " + client.id() + " | " + String.join(" | ", columns.apply(cell)) + " |");
			});
		}
		return notes;
	}

	final void notes(List<String> notes) {
		if (!notes.isEmpty()) {
			line("Failures:");
			line();
			notes.forEach((note) -> line("- " + note.replace('\n', ' ')));
			line();
		}
	}

	static String check(boolean met) {
		return met ? "✓" : "✗";
	}

	final void row(String name, String value) {
		line("| " + name + " | " + value.replace("|", "\\|") + " |");
	}

	final void line(String text) {
		this.out.append(text).append('\n');
	}

	final void line() {
		this.out.append('\n');
	}

}
