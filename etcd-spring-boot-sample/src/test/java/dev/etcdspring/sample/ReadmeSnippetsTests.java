package dev.etcdspring.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java snippet in the README compiles against this build. A snippet that declares a
 * type is compiled as a file of its own; any other is the body of a method that has an
 * {@code EtcdClient} named {@code client} and an {@code EtcdTemplate} named {@code etcd}
 * at hand. Each snippet gets the same imports (the project's packages, and the JDK's and
 * Spring's usual ones) and a package of its own.
 */
class ReadmeSnippetsTests {

	/**
	 * A Java block, optionally preceded by an HTML comment (invisible on GitHub) holding
	 * the declarations the snippet assumes: {@code <!-- context: Flag flag; void start()
	 * {} -->}.
	 */
	private static final Pattern JAVA_BLOCK = Pattern.compile("(?:<!-- context: (.*?) -->\\n)?```java\\n(.*?)```",
			Pattern.DOTALL);

	private static final Pattern TYPE_DECLARATION = Pattern
		.compile("^(public |final |abstract |static )*(class|record|interface|enum|@interface) ", Pattern.MULTILINE);

	private static final Pattern MEMBER_DECLARATION = Pattern.compile("\\A\\s*@[A-Z]");

	private static final String IMPORTS = String.join("\n", "import java.nio.file.Path;", "import java.time.Duration;",
			"import java.util.*;", "import java.util.concurrent.*;", "import java.util.concurrent.atomic.*;",
			"import dev.etcdspring.client.*;", "import dev.etcdspring.client.auth.*;",
			"import dev.etcdspring.client.cluster.*;", "import dev.etcdspring.client.election.*;",
			"import dev.etcdspring.client.error.*;", "import dev.etcdspring.client.event.*;",
			"import dev.etcdspring.client.kv.*;", "import dev.etcdspring.client.lease.*;",
			"import dev.etcdspring.client.lock.*;", "import dev.etcdspring.client.maintenance.*;",
			"import dev.etcdspring.client.watch.*;", "import dev.etcdspring.core.*;",
			"import dev.etcdspring.annotation.*;", "import dev.etcdspring.listener.*;",
			"import dev.etcdspring.coordination.*;", "import dev.etcdspring.boot.autoconfigure.*;",
			"import dev.etcdspring.boot.config.*;", "import dev.etcdspring.boot.metrics.*;",
			"import dev.etcdspring.test.*;", "import org.jspecify.annotations.Nullable;",
			"import org.springframework.beans.factory.annotation.*;",
			"import org.springframework.context.annotation.*;", "import org.springframework.context.event.*;",
			"import org.springframework.context.event.EventListener;", "import org.springframework.stereotype.*;",
			"import org.springframework.scheduling.annotation.*;",
			"import org.springframework.boot.context.properties.*;",
			"import org.springframework.web.bind.annotation.*;", "import org.junit.jupiter.api.*;",
			"import org.springframework.boot.test.context.*;",
			"import org.springframework.boot.testcontainers.service.connection.ServiceConnection;",
			"import org.testcontainers.containers.GenericContainer;", "import java.time.LocalDate;",
			"import java.util.concurrent.locks.Lock;",
			"import org.springframework.integration.support.locks.LockRegistry;",
			"import org.springframework.integration.metadata.ConcurrentMetadataStore;",
			"import org.springframework.integration.leader.event.*;", "import org.slf4j.*;",
			"import org.junit.jupiter.api.extension.*;", "");

	@Test
	void everyJavaSnippetInTheReadmeCompiles(@TempDir Path output) throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		List<JavaFileObject> units = new ArrayList<>();
		Matcher blocks = JAVA_BLOCK.matcher(readme);
		int number = 0;
		while (blocks.find()) {
			number++;
			int line = readme.substring(0, blocks.start()).split("\n", -1).length + 1;
			units.add(unit(number, line, blocks.group(2), (blocks.group(1) != null) ? blocks.group(1) : ""));
		}
		assertThat(units).as("Java snippets in the README").hasSizeGreaterThan(5);
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
				StandardCharsets.UTF_8)) {
			List<String> options = List.of("-proc:none", "-parameters", "-classpath",
					System.getProperty("java.class.path"), "-d", output.toString());
			compiler.getTask(null, files, diagnostics, options, null, units).call();
		}
		List<String> errors = new ArrayList<>();
		for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
			if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
				errors.add(diagnostic.getSource().getName() + ": " + diagnostic.getMessage(Locale.ROOT) + "\n    "
						+ sourceLine(diagnostic));
			}
		}
		assertThat(errors).as("compile errors in README snippets").isEmpty();
	}

	private static String sourceLine(Diagnostic<? extends JavaFileObject> diagnostic) {
		try {
			String[] lines = diagnostic.getSource().getCharContent(true).toString().split("\n", -1);
			long line = diagnostic.getLineNumber();
			return (line > 0 && line <= lines.length) ? lines[(int) line - 1].strip() : "";
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static JavaFileObject unit(int number, int readmeLine, String snippet, String context) {
		String pkg = "readme.snippet" + number;
		String name = "ReadmeLine" + readmeLine;
		String source;
		if (TYPE_DECLARATION.matcher(snippet).find()) {
			// declarations the snippet assumes go beside it, at the top level
			source = "package " + pkg + ";\n" + IMPORTS + snippet + "\n" + context + "\n";
			// the file's name must be its public type's, if it has one
			Matcher publicType = Pattern
				.compile("^public (final |abstract )*(class|record|interface|enum) (\\w+)", Pattern.MULTILINE)
				.matcher(snippet);
			if (publicType.find()) {
				name = publicType.group(3);
			}
		}
		else if (MEMBER_DECLARATION.matcher(snippet).find()) {
			// members of a bean (an annotated method, a field): in a class, beside the
			// context
			source = "package " + pkg + ";\n" + IMPORTS + "class " + name + " {\n" + context + "\n" + snippet + "\n}\n";
		}
		else {
			// statements: in a method of a class with a client and a template at hand
			// (fields, so that
			// a snippet may declare its own client)
			source = "package " + pkg + ";\n" + IMPORTS + "class " + name
					+ " {\nEtcdClient client; EtcdTemplate etcd; KvClient kv;\n" + context
					+ "\n@SuppressWarnings(\"unused\") void run() throws Exception {\n" + snippet + "\n}\n}\n";
		}
		String fileName = name;
		return new SimpleJavaFileObject(
				java.net.URI.create("string:///" + pkg.replace('.', '/') + "/" + fileName + ".java"),
				JavaFileObject.Kind.SOURCE) {
			@Override
			public CharSequence getCharContent(boolean ignoreEncodingErrors) {
				return source;
			}

			@Override
			public String getName() {
				return "README line " + readmeLine + " (" + fileName + ".java)";
			}
		};
	}

}
