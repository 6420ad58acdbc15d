package dev.etcdspring.test;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import org.jspecify.annotations.Nullable;

/**
 * The temporary directory of an {@link EtcdCluster}, holding its members' data: where it
 * goes, its creation and its deletion.
 */
final class DataDirectories {

	// logged as the cluster's, as before this class was split off it
	private static final System.Logger log = System.getLogger(EtcdCluster.class.getName());

	private DataDirectories() {
	}

	/**
	 * Creates a new temporary directory for one cluster.
	 * @param baseDirectory where to create it, or {@code null} for the default
	 * @return the new directory
	 * @throws IllegalStateException when it cannot be created
	 */
	static Path create(@Nullable Path baseDirectory) {
		try {
			Path base = (baseDirectory != null) ? baseDirectory : defaultBaseDirectory();
			Files.createDirectories(base);
			return Files.createTempDirectory(base, "etcd-test-");
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot create a data directory for etcd: " + ex.getMessage(), ex);
		}
	}

	private static Path defaultBaseDirectory() {
		String configured = System.getProperty("etcd.test.dataDirectory");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		// tmpfs makes etcd's fsync free: tests run several times faster than on disk
		Path shm = Path.of("/dev/shm");
		if (Files.isDirectory(shm) && Files.isWritable(shm)) {
			return shm;
		}
		return Path.of(System.getProperty("java.io.tmpdir"));
	}

	/**
	 * Deletes a directory and everything in it; a failure is logged, not thrown.
	 * @param root the directory
	 */
	static void deleteRecursively(Path root) {
		if (!Files.exists(root)) {
			return;
		}
		try {
			Files.walkFileTree(root, new SimpleFileVisitor<>() {
				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
					Files.deleteIfExists(file);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException exc) throws IOException {
					Files.deleteIfExists(dir);
					return FileVisitResult.CONTINUE;
				}
			});
		}
		catch (IOException ex) {
			log.log(System.Logger.Level.WARNING, "Could not delete " + root + ": " + ex.getMessage());
		}
	}

}
