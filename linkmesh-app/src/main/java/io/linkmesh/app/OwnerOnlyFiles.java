package io.linkmesh.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory's secrets (admin token, TLS key) are created owner-only whatever the umask,
 * and a secret file that others can read is reported once at start.
 */
final class OwnerOnlyFiles {
  private static final Logger LOG = LoggerFactory.getLogger(OwnerOnlyFiles.class);

  private OwnerOnlyFiles() {}

  /**
   * Creates {@code dir} and its missing parents with mode 0700 (a mode at creation ignores the
   * umask's widening).
   */
  static void createDirectories(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      return;
    }
    Path parent = absolute.getParent();
    if (parent != null) {
      createDirectories(parent);
    }
    if (posix(absolute)) {
      Files.createDirectory(
          absolute,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectory(absolute);
    }
  }

  /** Creates an empty file with mode 0600. */
  static void createFile(Path file) throws IOException {
    if (posix(file)) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
    }
  }

  /**
   * Logs one warning when {@code file}, holding {@code what}, can be read or written by group or
   * others. Names the file and its mode, never its content.
   */
  static void warnIfExposed(Path file, String what) {
    exposure(file, what).ifPresent(LOG::warn);
  }

  /** The warning {@link #warnIfExposed} logs, if any. */
  static Optional<String> exposure(Path file, String what) {
    Set<PosixFilePermission> mode;
    try {
      if (!posix(file)) {
        return Optional.empty();
      }
      mode = Files.getPosixFilePermissions(file);
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
    for (PosixFilePermission p : mode) {
      if (!p.name().startsWith("OWNER_")) {
        return Optional.of(
            "The "
                + what
                + " "
                + file
                + " can be read by others (mode "
                + PosixFilePermissions.toString(mode)
                + "); run: chmod 600 "
                + file);
      }
    }
    return Optional.empty();
  }

  private static boolean posix(Path near) {
    return near.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
