package io.linkmesh.store.fs.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Every I/O step that changes files on a write path. The stores do all their writes through this
 * seam so that a test can make any one step fail (as a crash or a full disk would) and check what a
 * reopened store finds.
 */
public interface FileOps {
  FileChannel open(Path path, OpenOption... options) throws IOException;

  /** Writes all of {@code buffer} at {@code position}. */
  void write(FileChannel channel, ByteBuffer buffer, long position) throws IOException;

  /** Flushes the file's content to the device (fsync/fdatasync). */
  void force(FileChannel channel) throws IOException;

  void truncate(FileChannel channel, long size) throws IOException;

  /** Renames atomically, replacing {@code to}. */
  void move(Path from, Path to) throws IOException;

  /** Makes the directory's entries (new, renamed files) durable. */
  void syncDirectory(Path directory) throws IOException;

  /** The real file system. */
  static FileOps system() {
    return SystemFileOps.INSTANCE;
  }

  /**
   * Creates {@code directory} (and missing parents) and makes each new entry durable by syncing the
   * directory that holds it.
   */
  static void createDurably(FileOps ops, Path directory) throws IOException {
    Path absolute = directory.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      return;
    }
    Path parent = absolute.getParent();
    if (parent != null) {
      createDurably(ops, parent);
    }
    createOwnerOnlyDirectory(absolute);
    if (parent != null) {
      ops.syncDirectory(parent);
    }
  }

  /**
   * Creates a directory with mode 0700. The store holds secrets' verifiers and the audit trail, so
   * nothing it creates may follow a permissive umask; a mode given at creation can only be narrowed
   * by the umask, never widened.
   */
  static void createOwnerOnlyDirectory(Path directory) throws IOException {
    if (posix(directory)) {
      Files.createDirectory(
          directory,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectory(directory);
    }
  }

  /** Opens {@code path}; a file it creates gets mode 0600 whatever the umask. */
  static FileChannel openOwnerOnly(Path path, OpenOption... options) throws IOException {
    Set<OpenOption> set = Set.of(options);
    boolean creates =
        set.contains(StandardOpenOption.CREATE) || set.contains(StandardOpenOption.CREATE_NEW);
    Path parent = path.toAbsolutePath().getParent();
    if (creates && parent != null && posix(parent)) {
      FileAttribute<?> mode =
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
      return FileChannel.open(path, set, mode);
    }
    return FileChannel.open(path, set);
  }

  private static boolean posix(Path near) {
    return near.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** The real file system. */
  final class SystemFileOps implements FileOps {
    static final SystemFileOps INSTANCE = new SystemFileOps();

    private SystemFileOps() {}

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
      return FileOps.openOwnerOnly(path, options);
    }

    @Override
    public void write(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
      long at = position;
      while (buffer.hasRemaining()) {
        at += channel.write(buffer, at);
      }
    }

    @Override
    public void force(FileChannel channel) throws IOException {
      channel.force(false);
    }

    @Override
    public void truncate(FileChannel channel, long size) throws IOException {
      channel.truncate(size);
    }

    @Override
    public void move(Path from, Path to) throws IOException {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
      try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
        dir.force(true);
      } catch (IOException e) {
        // Some platforms (Windows) cannot open a directory; there renames are durable on their own.
        if (!System.getProperty("os.name", "").startsWith("Windows")) {
          throw e;
        }
      }
    }
  }
}
