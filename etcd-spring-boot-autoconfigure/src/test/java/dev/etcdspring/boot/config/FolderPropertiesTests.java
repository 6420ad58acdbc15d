package dev.etcdspring.boot.config;

import java.util.ArrayList;
import java.util.List;

import dev.etcdspring.client.ByteSequence;
import dev.etcdspring.client.KeyValue;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** How a folder's keys become properties. */
class FolderPropertiesTests {

	private static final String FOLDER = "/config/myapp/";

	private static final Log log = LogFactory.getLog(FolderPropertiesTests.class);

	private static KeyValue kv(String key, String value, long modRevision) {
		return new KeyValue(ByteSequence.from(FOLDER + key), ByteSequence.from(value), 1, modRevision, 1, 0);
	}

	private static FolderProperties of(KeyValue... kvs) {
		return FolderProperties.of(FOLDER, List.of(kvs), null, false, log);
	}

	@Test
	void slashesInAKeyBecomeDots() {
		FolderProperties properties = of(kv("a/b/c", "1", 2), kv("server.port", "8080", 3), kv("x/y.z", "2", 4));
		assertThat(FolderProperties.unwrap(properties.get("a.b.c"))).isEqualTo("1");
		assertThat(FolderProperties.unwrap(properties.get("server.port"))).isEqualTo("8080");
		assertThat(FolderProperties.unwrap(properties.get("x.y.z"))).isEqualTo("2");
		assertThat(properties.names()).containsExactly("a.b.c", "server.port", "x.y.z");
	}

	@Test
	void documentsUnderASubPathArePrefixedWithIt() {
		FolderProperties properties = of(kv("db/pool.yml", "size: 5\nnested:\n  x: y\n", 2),
				kv("other.properties", "k=v\n", 3));
		assertThat(FolderProperties.unwrap(properties.get("db.size"))).isEqualTo(5);
		assertThat(FolderProperties.unwrap(properties.get("db.nested.x"))).isEqualTo("y");
		assertThat(FolderProperties.unwrap(properties.get("k"))).isEqualTo("v");
	}

	@Test
	void singleKeysWinOverDocumentsAndLaterDocumentsOverEarlierOnes() {
		FolderProperties properties = of(kv("a.yml", "x: a\ny: a\n", 2), kv("b.yaml", "x: b\n", 3), kv("y", "key", 4));
		assertThat(FolderProperties.unwrap(properties.get("x"))).isEqualTo("b");
		assertThat(FolderProperties.unwrap(properties.get("y"))).isEqualTo("key");
	}

	@Test
	void directoryMarkersAndActivationPropertiesAreLeftOut() {
		FolderProperties properties = of(kv("dir/", "", 2), kv("spring.config.activate.on-profile", "dev", 3),
				kv("keep", "", 4));
		assertThat(properties.names()).containsExactly("keep");
	}

	@Test
	void anInvalidDocumentIsAnErrorNamingItsKeyAtStartUpAndKeepsItsLastVersionLater() {
		assertThatExceptionOfType(FolderProperties.InvalidDocumentException.class)
			.isThrownBy(() -> of(kv("app.yml", "a: [unclosed", 2)))
			.satisfies((ex) -> assertThat(ex.key()).isEqualTo(FOLDER + "app.yml"));
		FolderProperties valid = of(kv("app.yml", "a: 1\n", 2));
		FolderProperties later = FolderProperties.of(FOLDER, List.of(kv("app.yml", "a: [unclosed", 3)), valid, true,
				log);
		assertThat(FolderProperties.unwrap(later.get("a"))).isEqualTo(1);
		FolderProperties newKey = FolderProperties.of(FOLDER,
				List.of(kv("app.yml", "a: 1\n", 2), kv("new.yml", "b: [", 4)), valid, true, log);
		assertThat(newKey.names()).containsExactly("a");
	}

	@Test
	void changesNameWhatDiffersAppearsOrDisappears() {
		FolderProperties before = of(kv("a", "1", 2), kv("b", "1", 2), kv("c", "1", 2));
		List<KeyValue> after = new ArrayList<>(List.of(kv("a", "1", 5), kv("b", "2", 5), kv("d", "1", 5)));
		assertThat(FolderProperties.changes(before, FolderProperties.of(FOLDER, after, before, true, log)))
			.containsExactlyInAnyOrder("b", "c", "d");
	}

}
