package io.linkmesh.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The packaged jar ({@code target/linkmesh.jar}) run as a child process, as an operator starts it,
 * for probes that must see the real server: its real thread pool, connector and limits.
 */
final class PackagedServer implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("is ready on [^:]+:(\\d+)");

  private final Process process;
  private final Path dataDir;
  private final int port;
  private final List<String> lines;
  private final boolean plaintext;

  private PackagedServer(
      Process process, Path dataDir, int port, List<String> lines, boolean plaintext) {
    this.process = process;
    this.dataDir = dataDir;
    this.port = port;
    this.lines = lines;
    this.plaintext = plaintext;
  }

  /**
   * Starts {@code linkmesh serve --listen 127.0.0.1:0 --data-dir dataDir} plus {@code extraArgs}
   * and waits (at most 60 s) until it says it is ready.
   */
  static PackagedServer start(Path dataDir, String... extraArgs) throws Exception {
    return start(List.of(), dataDir, extraArgs);
  }

  /** As {@link #start(Path, String...)}, with JVM options such as {@code -Xmx96m} before -jar. */
  static PackagedServer start(List<String> jvmArgs, Path dataDir, String... extraArgs)
      throws Exception {
    Path jar = Path.of("target", "linkmesh.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: run the package phase first");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(jar.toString());
    command.add("serve");
    command.add("--listen");
    command.add("127.0.0.1:0");
    command.add("--data-dir");
    command.add(dataDir.toString());
    command.addAll(List.of(extraArgs));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                  }
                  Matcher m = READY.matcher(line);
                  if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                  }
                }
                port.completeExceptionally(
                    new IllegalStateException("exited before ready: " + lines));
              } catch (IOException e) {
                port.completeExceptionally(e);
              }
            },
            "packaged-server-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return new PackagedServer(
          process,
          dataDir,
          port.get(60, TimeUnit.SECONDS),
          lines,
          List.of(extraArgs).contains("--plaintext"));
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
  }

  int port() {
    return port;
  }

  Path dataDir() {
    return dataDir;
  }

  /** {@code https://localhost:<port>} (or http with {@code --plaintext}). */
  URI uri(String path) {
    // From the arguments, not the output: the URL lines come after the ready line we wait for.
    return URI.create((plaintext ? "http" : "https") + "://localhost:" + port + path);
  }

  String adminToken() throws IOException {
    return Files.readString(dataDir.resolve("admin.token")).strip();
  }

  /** A TLS context that trusts the server's self-signed certificate, for raw sockets. */
  SSLContext sslContext() throws Exception {
    return LinkMeshServerTest.trustingContext(dataDir.resolve("tls/server.crt"));
  }

  /** A client that trusts the server's self-signed certificate. */
  HttpClient client() throws Exception {
    return LinkMeshServerTest.trusting(dataDir.resolve("tls/server.crt"));
  }

  /** Everything the server printed so far. */
  String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  /**
   * Waits (at most {@code timeout}) until the server has printed {@code text}, and answers
   * everything it printed so far. Lines printed after the ready line arrive on their own time.
   */
  String awaitOutput(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (!String.join("\n", lines).contains(text)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(lines, left);
      }
      return String.join("\n", lines);
    }
  }

  /** Sends SIGTERM and waits (at most 30 s) for the exit code. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the server did not stop within 30 s:\n" + output());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
