package io.linkmesh.store.fs;

import io.linkmesh.store.fs.internal.FileOps;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real file system, except that the k-th step after {@link #failAt} throws, as a crash or a
 * full disk would at that point. A failing write first writes half its bytes (a torn write). In
 * {@code crash} mode every later step fails too, like a process that died there.
 */
final class FailingFileOps implements FileOps {
  private final FileOps real = FileOps.system();
  private final List<String> steps = new ArrayList<>();
  private int countdown;
  private boolean crash;
  private boolean dead;
  private String failedStep = "";

  synchronized void failAt(int step, boolean crashThere) {
    countdown = step;
    crash = crashThere;
    steps.clear();
    failedStep = "";
  }

  synchronized boolean fired() {
    return !failedStep.isEmpty();
  }

  synchronized String failedStep() {
    return failedStep;
  }

  synchronized List<String> steps() {
    return List.copyOf(steps);
  }

  private synchronized boolean step(String name) throws IOException {
    if (dead) {
      throw new IOException("the process is dead (" + name + ")");
    }
    steps.add(name);
    if (countdown > 0 && --countdown == 0) {
      failedStep = name;
      dead = crash;
      return true;
    }
    return false;
  }

  private static IOException injected(String name) {
    return new IOException("injected failure at " + name);
  }

  @Override
  public FileChannel open(Path path, OpenOption... options) throws IOException {
    String name = "open " + path.getFileName();
    if (step(name)) {
      throw injected(name);
    }
    return real.open(path, options);
  }

  @Override
  public void write(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    if (step("write")) {
      ByteBuffer half = buffer.duplicate();
      half.limit(half.position() + half.remaining() / 2);
      real.write(channel, half, position);
      throw injected("write");
    }
    real.write(channel, buffer, position);
  }

  @Override
  public void force(FileChannel channel) throws IOException {
    if (step("force")) {
      throw injected("force");
    }
    real.force(channel);
  }

  @Override
  public void truncate(FileChannel channel, long size) throws IOException {
    if (step("truncate")) {
      throw injected("truncate");
    }
    real.truncate(channel, size);
  }

  @Override
  public void move(Path from, Path to) throws IOException {
    String name = "move " + from.getFileName();
    if (step(name)) {
      throw injected(name);
    }
    real.move(from, to);
  }

  @Override
  public void syncDirectory(Path directory) throws IOException {
    String name = "sync " + directory.getFileName();
    if (step(name)) {
      throw injected(name);
    }
    real.syncDirectory(directory);
  }
}
