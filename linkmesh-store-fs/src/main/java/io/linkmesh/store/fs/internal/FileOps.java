package io.linkmesh.store.fs.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

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
    Files.createDirectory(absolute);
    if (parent != null) {
      ops.syncDirectory(parent);
    }
  }

  /** The real file system. */
  final class SystemFileOps implements FileOps {
    static final SystemFileOps INSTANCE = new SystemFileOps();

    private SystemFileOps() {}

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
      return FileChannel.open(path, options);
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
