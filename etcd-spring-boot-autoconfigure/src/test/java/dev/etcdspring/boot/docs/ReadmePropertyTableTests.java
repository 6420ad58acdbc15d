package dev.etcdspring.boot.docs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's property table lists every property the starter defines, as the
 * configuration processor wrote them into the metadata, and nothing else: it cannot
 * drift.
 */
class ReadmePropertyTableTests {

	private static final String START = "<!-- properties -->";

	private static final String END = "<!-- /properties -->";

	private static final Pattern TABLE_ROW = Pattern.compile("^\\| `([a-z0-9.-]+)`", Pattern.MULTILINE);

	@Test
	void everyPropertyOfTheMetadataIsInTheReadmeTableAndNoOther() throws IOException {
		String text = Files.readString(readme());
		int start = text.indexOf(START);
		int end = text.indexOf(END);
		assertThat(start).as("the README marks its property table with %s and %s", START, END).isNotNegative();
		assertThat(end).isGreaterThan(start);
		Set<String> documented = new TreeSet<>();
		Matcher rows = TABLE_ROW.matcher(text.substring(start, end));
		while (rows.find()) {
			documented.add(rows.group(1));
		}
		assertThat(documented).as("properties in the README's tables").containsExactlyElementsOf(metadata());
	}

	/**
	 * The names in the metadata of the main classes, which the configuration processor
	 * writes with the additional metadata merged in (the test classes have metadata of
	 * their own, first on the class path, so the file is read from the build's output
	 * directly).
	 */
	private static Set<String> metadata() throws IOException {
		Path file = Path.of("target", "classes", "META-INF", "spring-configuration-metadata.json");
		assertThat(file).exists();
		Set<String> names = new TreeSet<>();
		try (InputStream in = Files.newInputStream(file)) {
			for (JsonNode property : new ObjectMapper().readTree(in).path("properties")) {
				if (property.path("deprecation").isMissingNode()) {
					names.add(property.path("name").asString());
				}
			}
		}
		return names;
	}

	private static Path readme() {
		// surefire runs in the module's directory
		Path readme = Path.of("..", "README.md");
		assertThat(readme).exists();
		return readme;
	}

}
