package io.linkmesh.bench.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bare Jetty server of the Alloy row ({@code io.linkmesh.bench.FixedOkServer}) in its own child
 * JVM with the same heap as the server under test.
 */
public final class BaselineProcess implements AutoCloseable {
  static final String MAIN = "io.linkmesh.bench.FixedOkServer";
  static final String READY = "FixedOkServer ready on ";

  private final Process process;
  private final int port;

  private BaselineProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static BaselineProcess start(Path log) {
    int port = ServerProcess.freePort();
    List<String> command =
        List.of(
            ServerProcess.thisJava().toString(),
            "-Xmx1g",
            "-cp",
            System.getProperty("java.class.path"),
            MAIN,
            Integer.toString(port));
    Process p;
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new BenchException("cannot start " + MAIN + ": " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String out = read(log);
      if (out.contains(READY + "127.0.0.1:" + port)) {
        return new BaselineProcess(p, port);
      }
      if (!p.isAlive()) {
        throw new BenchException(MAIN + " exited with " + p.exitValue() + ": " + out);
      }
      ServerProcess.pause(50);
    }
    p.destroyForcibly();
    throw new BenchException(MAIN + " was not ready within 60 s; see " + log);
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
