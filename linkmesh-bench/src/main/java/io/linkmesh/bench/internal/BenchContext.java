package io.linkmesh.bench.internal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What every bench shares: the options, where to print, the server jar, a scratch directory. */
public final class BenchContext {
  private final Options options;
  private final Console console;
  private final Path serverJar;
  private final List<String> serverJvmArgs;
  private final Path workDir;
  private final @Nullable Path resultsDir;

  public BenchContext(
      Options options,
      Console console,
      Path serverJar,
      List<String> serverJvmArgs,
      Path workDir,
      @Nullable Path resultsDir) {
    this.options = requireNonNull(options, "options");
    this.console = requireNonNull(console, "console");
    this.serverJar = requireNonNull(serverJar, "serverJar");
    this.serverJvmArgs = List.copyOf(serverJvmArgs);
    this.workDir = requireNonNull(workDir, "workDir");
    this.resultsDir = resultsDir;
  }

  public Options options() {
    return options;
  }

  public Console console() {
    return console;
  }

  public Path workDir() {
    return workDir;
  }

  public @Nullable Path resultsDir() {
    return resultsDir;
  }

  /** A new result, the machine read now. */
  public BenchResult newResult(String bench) {
    Machine machine = Machine.current();
    console.header(bench, machine);
    return new BenchResult(bench, machine, Instant.now());
  }

  /**
   * Starts a fresh server (new data directory {@code <work>/<name>/data}, output in {@code
   * <work>/<name>/server.log}) on a free port of 127.0.0.1.
   */
  public ServerProcess startServer(String name, boolean tls) {
    return startServer(name, tls, List.of());
  }

  /** Starts a server with extra {@code serve} flags. */
  public ServerProcess startServer(String name, boolean tls, List<String> serveArgs) {
    Path dir = workDir.resolve(name);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new BenchException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    Path data = dir.resolve("data");
    if (Files.exists(data)) {
      throw new BenchException(data + " exists already; a bench starts from an empty directory");
    }
    ServerProcess.Settings settings =
        new ServerProcess.Settings(
            ServerProcess.thisJava(),
            serverJar,
            data,
            ServerProcess.freePort(),
            tls,
            serverJvmArgs,
            dir.resolve("server.log"),
            options.flag("jfr") ? dir.resolve("server.jfr") : null,
            serveArgs);
    console.progress(
        "starting the server (%s) on 127.0.0.1:%d, log %s",
        tls ? "TLS" : "plaintext", settings.port(), settings.log());
    ServerProcess server = ServerProcess.start(settings);
    console.progress(
        "server pid %d ready after %.1f s",
        server.pid(), (System.nanoTime() - server.startedNanos()) / 1e9);
    return server;
  }
}
