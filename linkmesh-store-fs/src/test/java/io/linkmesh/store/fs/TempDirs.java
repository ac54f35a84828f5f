package io.linkmesh.store.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Temporary directories and open stores that a test cleans up after itself. */
final class TempDirs implements AutoCloseable {
  private final List<Path> dirs = new ArrayList<>();
  private final List<AutoCloseable> open = new ArrayList<>();

  synchronized Path create() throws IOException {
    Path dir = Files.createTempDirectory("linkmesh-store-fs-");
    dirs.add(dir);
    return dir;
  }

  synchronized <T extends AutoCloseable> T track(T closeable) {
    open.add(closeable);
    return closeable;
  }

  @Override
  public synchronized void close() throws IOException {
    for (AutoCloseable closeable : open) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IOException("cannot close " + closeable, e);
      }
    }
    open.clear();
    for (Path dir : dirs) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
    dirs.clear();
  }
}
