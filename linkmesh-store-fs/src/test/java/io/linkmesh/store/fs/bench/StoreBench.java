package io.linkmesh.store.fs.bench;

import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.HistoryPage;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import io.linkmesh.store.fs.FsRevisionStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A plain benchmark of {@link FsRevisionStore} with fsync on: commit latency (one writer and
 * sixteen), head read, history pages with 10,000 revisions, open time, disk bytes for 10,000
 * one-config changes on a state of 10,000 collectors. Not a test; run it by hand:
 *
 * <pre>
 * java -cp &lt;test classpath&gt; io.linkmesh.store.fs.bench.StoreBench [directory]
 * </pre>
 */
public final class StoreBench {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private StoreBench() {}

  public static void main(String[] args) throws Exception {
    Path root =
        args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("linkmesh-store-bench-");
    Files.createDirectories(root);
    Path dir = root.resolve("state-" + System.nanoTime());
    OUT.printf("directory %s%n", dir);
    try (FsRevisionStore store = FsRevisionStore.open(dir)) {
      List<Change> collectors = new ArrayList<>();
      for (int i = 0; i < Commit.MAX_CHANGES; i++) {
        collectors.add(Change.put("collectors/c-" + i, collector(i)));
      }
      long t = System.nanoTime();
      Revision head = committed(store.commit(new Commit(null, collectors, "bench", "enroll", T0)));
      OUT.printf(
          "initial commit of 10,000 collector documents: %.0f ms%n", ms(System.nanoTime() - t));
      long baseBytes = bytes(dir);
      OUT.printf("disk after it: %,d bytes%n", baseBytes);

      // One writer: each commit changes one config; latency includes every fsync.
      int single = 1_000;
      long[] lat = new long[single];
      for (int i = 0; i < single; i++) {
        long s = System.nanoTime();
        head = committed(store.commit(oneConfig(head.id(), i % 100, i)));
        lat[i] = System.nanoTime() - s;
      }
      report("commit, 1 writer", lat);

      // Sixteen writers at once: group commit shares fsyncs.
      int threads = 16;
      int perThread = (10_000 - single) / threads;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<long[]>> futures = new ArrayList<>();
      long wall = System.nanoTime();
      for (int w = 0; w < threads; w++) {
        int writer = w;
        futures.add(
            pool.submit(
                () -> {
                  long[] mine = new long[perThread];
                  RevisionId base = store.head().orElseThrow().id();
                  for (int i = 0; i < perThread; i++) {
                    long s = System.nanoTime();
                    Revision r =
                        committed(
                            store.commit(
                                oneConfig(
                                    base, writer * 6 + i % 6, single + writer * perThread + i)));
                    mine[i] = System.nanoTime() - s;
                    base = r.id();
                  }
                  return mine;
                }));
      }
      long[] all = new long[threads * perThread];
      int k = 0;
      for (Future<long[]> f : futures) {
        long[] mine = f.get(1, TimeUnit.HOURS);
        System.arraycopy(mine, 0, all, k, mine.length);
        k += mine.length;
      }
      wall = System.nanoTime() - wall;
      pool.shutdown();
      report("commit, 16 writers", all);
      OUT.printf(
          "16 writers: %,d commits in %.1f s = %.0f commits/s%n",
          all.length, wall / 1e9, all.length / (wall / 1e9));

      int revisions = 1 + single + all.length;
      long total = bytes(dir);
      OUT.printf(
          "disk for %,d one-config changes on 10,000 collectors: %,d bytes (%,d per change)%n",
          revisions - 1, total - baseBytes, (total - baseBytes) / (revisions - 1));
      OUT.printf("disk in total: %,d bytes for %,d revisions%n", total, revisions);
    }

    long t = System.nanoTime();
    try (FsRevisionStore store = FsRevisionStore.open(dir)) {
      OUT.printf("open (scan, verify head): %.0f ms%n", ms(System.nanoTime() - t));
      Revision head = store.head().orElseThrow();

      int reads = 5_000_000;
      long s = System.nanoTime();
      int sink = 0;
      for (int i = 0; i < reads; i++) {
        sink += store.head().orElseThrow().message().length();
      }
      OUT.printf("head read: %.1f ns (%d)%n", (System.nanoTime() - s) / (double) reads, sink & 1);

      // Walk the whole history in pages of 50. The first half also warms the JIT; the second
      // half reads revisions no one has read since the open (nothing cached), on a warm JVM.
      RevisionId deep = head.id();
      List<Long> pages = new ArrayList<>();
      while (deep != null) {
        long p = System.nanoTime();
        HistoryPage page = store.history(deep, 50);
        pages.add(System.nanoTime() - p);
        deep = page.next();
      }
      int half = pages.size() / 2;
      report(
          "history page of 50, uncached, first " + half + " pages (cold JVM)",
          pages.subList(0, half).stream().mapToLong(Long::longValue).toArray());
      report(
          "history page of 50, uncached, last " + (pages.size() - half) + " pages (warm JVM)",
          pages.subList(half, pages.size()).stream().mapToLong(Long::longValue).toArray());
      long[] warm = new long[2_000];
      for (int i = 0; i < warm.length; i++) {
        long p = System.nanoTime();
        store.history(null, 50);
        warm[i] = System.nanoTime() - p;
      }
      report("history page of 50 at head, cached", warm);
      long p = System.nanoTime();
      int size = store.snapshot(head.id()).orElseThrow().size();
      OUT.printf(
          "snapshot of the head (%,d documents): %.0f ms%n", size, ms(System.nanoTime() - p));
    }
    if (args.length == 0) {
      delete(root);
    }
  }

  private static String collector(int i) {
    return "kind: collector/v1\nid: c-"
        + i
        + "\nruntime: otelcol\nregistered-at: 2026-11-26T10:00:00Z\nunregistered: false\n"
        + "label.env: prod\nlabel.region: eu-west-"
        + (i % 3)
        + "\n";
  }

  /** Changes config {@code name} (each writer owns its own, so writers never conflict). */
  private static Commit oneConfig(RevisionId base, int name, int i) {
    String body =
        "receivers:\n  otlp:\n    protocols:\n      grpc: {}\nexporters:\n  otlphttp:\n"
            + "    endpoint: https://otlp.example.com\nprocessors:\n  batch:\n    timeout: "
            + i
            + "ms\n";
    String doc =
        "kind: config/v1\nname: cfg-" + name + "\nruntime: otelcol\nselector.env: prod\n\n" + body;
    return new Commit(
        base, List.of(Change.put("configs/cfg-" + name, doc)), "bench", "change " + i, T0);
  }

  private static Revision committed(CommitResult result) {
    if (result instanceof CommitResult.Committed committed) {
      return committed.revision();
    }
    throw new IllegalStateException("unexpected " + result);
  }

  private static void report(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    OUT.printf(
        "%s: n=%,d p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
        what,
        sorted.length,
        ms(sorted[sorted.length / 2]),
        ms(sorted[(int) (sorted.length * 0.99)]),
        ms(sorted[sorted.length - 1]));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static long bytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(StoreBench::size).sum();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static void delete(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
