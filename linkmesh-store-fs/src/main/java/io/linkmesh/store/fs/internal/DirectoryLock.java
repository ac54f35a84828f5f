package io.linkmesh.store.fs.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.linkmesh.domain.port.out.StoreException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An exclusive lock on a directory, held for as long as a store is open: an OS file lock on {@code
 * LOCK}, which the OS releases when the process dies (so a stale file never blocks a restart). The
 * file names the holder's pid so a refused process can say who holds it.
 */
public final class DirectoryLock implements Closeable {
  public static final String FILE = "LOCK";

  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates {@code directory} durably when it does not exist, then takes the lock on it or refuses.
   *
   * @param what what is being opened, for the message ("revision store")
   * @throws StoreException when the directory cannot be made, or naming the holder of the lock
   */
  public static DirectoryLock createAndAcquire(FileOps ops, Path directory, String what) {
    try {
      FileOps.createDurably(ops, directory);
    } catch (IOException e) {
      throw new StoreException("cannot create " + directory + ": " + e, true, e);
    }
    return acquire(directory, what);
  }

  /**
   * Takes the lock or refuses.
   *
   * @param what what is being opened, for the message ("revision store")
   * @throws StoreException naming the holder when another process (or this one) holds it
   */
  public static DirectoryLock acquire(Path directory, String what) {
    Path file = directory.resolve(FILE);
    FileChannel channel;
    try {
      channel =
          FileOps.openOwnerOnly(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StoreException("cannot open the lock file " + file + ": " + e, true, e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      throw refused(
          what,
          directory,
          "is already open in this process (pid "
              + ProcessHandle.current().pid()
              + "); close it before opening it again",
          e);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StoreException("cannot lock " + file + ": " + e, true, e);
    }
    if (lock == null) {
      String holder = holder(file);
      closeQuietly(channel);
      throw refused(
          what,
          directory,
          "is in use by another process ("
              + holder
              + "). Only one LinkMesh server may use a data directory: stop the other one, or give"
              + " this one its own --data-dir.",
          null);
    }
    try {
      byte[] text =
          ("pid " + ProcessHandle.current().pid() + ", since " + Instant.now() + "\n")
              .getBytes(UTF_8);
      channel.truncate(0);
      ByteBuffer buffer = ByteBuffer.wrap(text);
      while (buffer.hasRemaining()) {
        channel.write(buffer, buffer.position());
      }
      channel.force(false);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StoreException("cannot write the lock file " + file + ": " + e, true, e);
    }
    return new DirectoryLock(channel, lock);
  }

  private static StoreException refused(
      String what, Path directory, String why, @Nullable Throwable cause) {
    String message = "the " + what + " in " + directory + " " + why;
    return cause == null
        ? new StoreException(message, false)
        : new StoreException(message, false, cause);
  }

  private static String holder(Path file) {
    try {
      String text = Files.readString(file, UTF_8).strip();
      return text.isEmpty() ? "holder unknown" : text;
    } catch (IOException e) {
      return "holder unknown";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing was written through it.
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // Closing the channel releases it too.
    }
    closeQuietly(channel);
  }
}
