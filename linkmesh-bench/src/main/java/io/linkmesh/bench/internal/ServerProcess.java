package io.linkmesh.bench.internal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The real packaged server under test, {@code java -Xmx1g <SERVER_JAVA_OPTS> -jar linkmesh.jar
 * serve ...}, as a child process: its own JVM, heap and file descriptors, measured from outside
 * ({@code /proc}, jcmd). Its output goes to {@code server.log} beside the data directory.
 */
public final class ServerProcess implements AutoCloseable {
  private static final String READY = " is ready on ";

  /**
   * The JVM options {@code ./linkmesh serve} runs the server with (the launcher script's {@code
   * SERVER_JAVA_OPTS}; {@code LauncherOptionsTest} keeps the two the same), so the bench measures
   * the server as the README starts it. They hand memory back: G1 keeps at most 10 % of the heap
   * free after a collection instead of 70 %, and identical strings (every collector reports the
   * same attribute values and config text) share one array.
   */
  public static final List<String> SERVER_JAVA_OPTS =
      List.of("-XX:MaxHeapFreeRatio=10", "-XX:MinHeapFreeRatio=5", "-XX:+UseStringDeduplication");

  private final Settings settings;
  private @Nullable Process process;
  private long startedNanos;

  private ServerProcess(Settings settings) {
    this.settings = settings;
  }

  /**
   * How to start the server.
   *
   * @param java the java launcher of the child
   * @param jvmArgs extra JVM arguments after {@code -Xmx1g}
   * @param jfr where to dump a flight recording (started with the server, dumped with jcmd before
   *     each stop: the server halts in its shutdown hook, so JFR's own dump on exit may not run);
   *     null for none
   * @param serveArgs extra {@code serve} flags, e.g. {@code --opamp-http-poll-interval 5s}
   */
  public record Settings(
      Path java,
      Path jar,
      Path dataDir,
      int port,
      boolean tls,
      List<String> jvmArgs,
      Path log,
      @Nullable Path jfr,
      List<String> serveArgs) {
    public Settings {
      serveArgs = List.copyOf(serveArgs);
      requireNonNull(java, "java");
      requireNonNull(jar, "jar");
      requireNonNull(dataDir, "dataDir");
      requireNonNull(log, "log");
      jvmArgs = List.copyOf(jvmArgs);
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be 1-65535: " + port);
      }
    }
  }

  /** Starts the server and waits until it says it is ready (or fails, or 90 s pass). */
  public static ServerProcess start(Settings settings) {
    ServerProcess server = new ServerProcess(settings);
    server.launch();
    return server;
  }

  /** The java of the JVM running the bench. */
  public static Path thisJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** A port free right now on 127.0.0.1 (the OS's pick; the child binds it a moment later). */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new BenchException("cannot find a free port: " + e.getMessage(), e);
    }
  }

  /** Starts the server again (after {@link #stop}) on the same port and data directory. */
  public void restart() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the server is still running");
    }
    launch();
  }

  private void launch() {
    List<String> command = new ArrayList<>();
    command.add(settings.java().toString());
    command.add("-Xmx1g");
    command.addAll(SERVER_JAVA_OPTS);
    if (settings.jfr() != null) {
      command.add("-XX:StartFlightRecording=settings=profile");
    }
    command.addAll(settings.jvmArgs());
    command.add("-jar");
    command.add(settings.jar().toString());
    command.add("serve");
    if (!settings.tls()) {
      command.add("--plaintext");
    }
    command.add("--listen");
    command.add("127.0.0.1:" + settings.port());
    command.add("--data-dir");
    command.add(settings.dataDir().toString());
    command.addAll(settings.serveArgs());
    long logOffset;
    try {
      Files.createDirectories(settings.log().toAbsolutePath().getParent());
      logOffset = Files.exists(settings.log()) ? Files.size(settings.log()) : 0;
      Files.writeString(
          settings.log(),
          "\n### " + String.join(" ", command) + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new BenchException("cannot write " + settings.log() + ": " + e.getMessage(), e);
    }
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.log().toFile()));
    // The child must not inherit an admin token from the environment: it reads admin.token.
    pb.environment().remove("LINKMESH_ADMIN_TOKEN");
    startedNanos = System.nanoTime();
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new BenchException("cannot start " + command + ": " + e.getMessage(), e);
    }
    awaitReady(logOffset, Duration.ofSeconds(90));
  }

  private void awaitReady(long logOffset, Duration timeout) {
    Process p = requireNonNull(process);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String log = readLog(logOffset);
      if (log.contains(READY)) {
        return;
      }
      if (!p.isAlive()) {
        throw new BenchException(
            "the server exited with "
                + p.exitValue()
                + " before it was ready; its output ("
                + settings.log()
                + "):\n"
                + tail(log));
      }
      pause(50);
    }
    p.destroyForcibly();
    throw new BenchException(
        "the server was not ready within " + timeout.toSeconds() + " s; see " + settings.log());
  }

  private String readLog(long offset) {
    try (RandomAccessFile f = new RandomAccessFile(settings.log().toFile(), "r")) {
      long length = f.length();
      if (length <= offset) {
        return "";
      }
      byte[] bytes = new byte[(int) Math.min(length - offset, 1 << 20)];
      f.seek(offset);
      f.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String tail(String log) {
    return log.length() <= 4000 ? log : "..." + log.substring(log.length() - 4000);
  }

  /** System.nanoTime() just before the process was (last) started. */
  public long startedNanos() {
    return startedNanos;
  }

  public long pid() {
    return requireNonNull(process, "process").pid();
  }

  public int port() {
    return settings.port();
  }

  public boolean tls() {
    return settings.tls();
  }

  public URI baseUri() {
    return URI.create((settings.tls() ? "https" : "http") + "://127.0.0.1:" + settings.port());
  }

  public URI opampUri() {
    return URI.create(
        (settings.tls() ? "wss" : "ws") + "://127.0.0.1:" + settings.port() + "/v1/opamp");
  }

  public Path dataDir() {
    return settings.dataDir();
  }

  public Path log() {
    return settings.log();
  }

  /** The generated self-signed certificate (TLS only), to trust as a CA. */
  public Path certificate() {
    return settings.dataDir().resolve("tls").resolve("server.crt");
  }

  /** The admin API token the server created on first start. */
  public String adminToken() {
    Path file = settings.dataDir().resolve("admin.token");
    try {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new BenchException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** SIGTERM, then waits for the exit; answers the exit code. */
  public int stop(Duration timeout) {
    Process p = requireNonNull(process, "process");
    dumpFlightRecording();
    p.destroy();
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        throw new BenchException(
            "the server did not exit within " + timeout.toSeconds() + " s of SIGTERM");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted while stopping the server", e);
    }
    return p.exitValue();
  }

  @Override
  public void close() {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return;
    }
    dumpFlightRecording();
    p.destroy();
    try {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(20, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }

  private int dumps;

  private void dumpFlightRecording() {
    Path jfr = settings.jfr();
    Process p = process;
    if (jfr == null || p == null || !p.isAlive()) {
      return;
    }
    String name = jfr.getFileName().toString();
    Path file =
        dumps == 0 ? jfr : jfr.resolveSibling(name.replace(".jfr", "") + "-" + dumps + ".jfr");
    dumps++;
    try {
      Jcmd.ofThisJdk().dumpFlightRecording(p.pid(), file);
    } catch (BenchException e) {
      // A missing profile must not fail the measurement it was meant to explain.
      try {
        Files.writeString(
            settings.log(),
            "### JFR dump failed: " + e.getMessage() + "\n",
            StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.APPEND);
      } catch (IOException ignored) {
        // nothing more to do
      }
    }
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
  }
}
