package io.linkmesh.bench;

import io.linkmesh.bench.internal.AlloyBench;
import io.linkmesh.bench.internal.Bench;
import io.linkmesh.bench.internal.BenchContext;
import io.linkmesh.bench.internal.BenchException;
import io.linkmesh.bench.internal.BenchResult;
import io.linkmesh.bench.internal.Console;
import io.linkmesh.bench.internal.HttpPollersBench;
import io.linkmesh.bench.internal.MemoryBench;
import io.linkmesh.bench.internal.Options;
import io.linkmesh.bench.internal.OtlpBench;
import io.linkmesh.bench.internal.PushBench;
import io.linkmesh.bench.internal.RestartBench;
import io.linkmesh.bench.internal.TlsBench;
import io.linkmesh.bench.internal.WsConnectBench;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar linkmesh-bench.jar <bench>|all [options]}: runs benchmarks against the packaged
 * server ({@code linkmesh-app/target/linkmesh.jar}) started as a child process, prints each figure
 * against its target, and appends the result to {@code bench/results/<bench>.jsonl}.
 *
 * <p>Exit codes: 0 every figure met its target, 3 some missed, 1 a bench could not run, 2 bad
 * usage.
 */
public final class BenchMain {
  private BenchMain() {}

  static Map<String, Bench> benches() {
    Map<String, Bench> all = new LinkedHashMap<>();
    for (Bench b :
        List.<Bench>of(
            new WsConnectBench(),
            new MemoryBench(),
            new PushBench(),
            new HttpPollersBench(),
            new AlloyBench(),
            new OtlpBench(),
            new RestartBench(),
            new TlsBench())) {
      all.put(b.name(), b);
    }
    return all;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  static int run(String[] args, PrintStream out) {
    Console console = new Console(out);
    Map<String, Bench> benches = benches();
    if (args.length == 0
        || args[0].equals("--help")
        || args[0].equals("-h")
        || args[0].equals("help")) {
      usage(out, benches);
      return args.length == 0 ? 2 : 0;
    }
    String which = args[0];
    List<Bench> selected = new ArrayList<>();
    if (which.equals("all")) {
      selected.addAll(benches.values());
    } else if (benches.containsKey(which)) {
      selected.add(benches.get(which));
    } else {
      console.error("unknown bench '" + which + "'; one of " + benches.keySet() + " or all");
      return 2;
    }
    Options options;
    BenchContext context;
    Path workDir;
    boolean keep;
    try {
      options = Options.parse(Arrays.asList(args).subList(1, args.length));
      Path jar = Path.of(options.string("server-jar", "linkmesh-app/target/linkmesh.jar"));
      if (!Files.isRegularFile(jar)) {
        console.error(
            jar.toAbsolutePath()
                + " does not exist: build it first (./mvnw -B -ntp -pl linkmesh-app -am package"
                + " -DskipTests) or pass --server-jar");
        return 2;
      }
      String work = options.optional("work-dir");
      workDir =
          work == null
              ? Files.createTempDirectory("linkmesh-bench-")
              : Path.of(work).toAbsolutePath();
      Files.createDirectories(workDir);
      keep = options.flag("keep") || options.flag("jfr") || work != null;
      Path results =
          options.flag("no-record") ? null : Path.of(options.string("results", "bench/results"));
      context =
          new BenchContext(
              options,
              console,
              jar.toAbsolutePath(),
              options.words("server-jvm-args"),
              workDir,
              results);
    } catch (IllegalArgumentException e) {
      console.error(e.getMessage());
      return 2;
    } catch (IOException e) {
      console.error("cannot create a work directory: " + e.getMessage());
      return 1;
    }

    List<BenchResult> results = new ArrayList<>();
    boolean failed = false;
    for (Bench bench : selected) {
      try {
        BenchResult result = bench.run(context);
        result.finish();
        console.print(result);
        console.record(context.resultsDir(), result);
        results.add(result);
      } catch (BenchException | IllegalArgumentException e) {
        failed = true;
        console.error(bench.name() + " could not run: " + e.getMessage());
      }
      List<String> unread = options.unread();
      if (!unread.isEmpty() && selected.size() == 1) {
        console.error("unknown option(s) for " + bench.name() + ": " + unread);
        return 2;
      }
    }
    if (selected.size() > 1) {
      console.summary(results);
    }
    if (failed || keep) {
      out.println("work directory (server logs and data) kept: " + workDir);
    } else {
      delete(workDir);
    }
    if (failed) {
      return 1;
    }
    for (BenchResult r : results) {
      if (!r.passed()) {
        return 3;
      }
    }
    return 0;
  }

  private static void usage(PrintStream out, Map<String, Bench> benches) {
    out.println("usage: java -jar linkmesh-bench/target/linkmesh-bench.jar <bench>|all [options]");
    out.println();
    out.println("benches:");
    for (Bench b : benches.values()) {
      out.printf("  %-13s %s%n", b.name(), b.summary());
    }
    out.printf("  %-13s %s%n", "all", "every bench in turn, then a Markdown summary table");
    out.println();
    out.println("options (all benches):");
    out.println("  --server-jar PATH        the server (default linkmesh-app/target/linkmesh.jar)");
    out.println(
        "  --server-jvm-args ARGS   extra JVM arguments of the server child, after -Xmx1g,");
    out.println("                           e.g. \"-XX:StartFlightRecording=filename=/tmp/s.jfr\"");
    out.println(
        "  --work-dir DIR           data directories and server logs (default: a temp dir,");
    out.println("                           deleted after a clean run)");
    out.println("  --keep                   keep the temp work directory");
    out.println(
        "  --results DIR            append results to DIR/<bench>.jsonl (default bench/results)");
    out.println("  --no-record              do not append results");
    out.println(
        "  --agents 10000           WebSocket agents (ws-connect, memory, push, restart, tls)");
    out.println("  --connects-in-flight 500 simulator: connection attempts at once while ramping");
    out.println("  --connect-timeout 600s   give up waiting for the agents to connect");
    out.println("  --hold 35s               ws-connect: how long to hold the agents connected");
    out.println(
        "  --warmup-agents 100 --settle 10s  memory: warm-up fleet, wait before each reading");
    out.println(
        "  --warmup-pushes 5 --pushes 5 --quiet 3s --push-timeout 60s  push: unmeasured, then"
            + " measured revisions, pause between them");
    out.println(
        "  --pollers 10000 --poll-interval 5s --agent-poll-interval 30s --poll-duration 60s"
            + " --changes 3  http-pollers: the offered interval, the agents' own before they"
            + " adopt it");
    out.println("  --reconnect-timeout 600s restart: give up waiting for the reconnects");
    out.println("  --warmup 5s --duration 20s  load phases of alloy and otlp");
    out.println("  --connections 64         alloy: concurrent connections");
    out.println("  --otlp-connections 8     otlp: concurrent connections (one collector each)");
    out.println("  --points-per-request 600 otlp: data points per export");
    out.println();
    out.println(
        "exit codes: 0 all targets met, 3 some missed, 1 a bench could not run, 2 bad usage");
  }

  private static void delete(Path dir) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // A leftover temp directory is not worth failing a finished run for.
    }
  }
}
