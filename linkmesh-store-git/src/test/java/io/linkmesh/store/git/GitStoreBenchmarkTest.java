package io.linkmesh.store.git;

import static io.linkmesh.store.git.Fixtures.committed;
import static io.linkmesh.store.git.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commit+push latency and convergence time between two replicas. Not part of {@code verify} (tag
 * {@code benchmark}); run it with
 *
 * <pre>
 * ./mvnw -B -ntp -pl linkmesh-store-git -am verify -Dstore-git.excludedGroups=none \
 *     -Dgroups=benchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * and read {@code linkmesh-store-git/target/benchmark.txt}.
 */
@Tag("benchmark")
class GitStoreBenchmarkTest {
  private static final Logger LOG = LoggerFactory.getLogger(GitStoreBenchmarkTest.class);
  private static final int COMMITS = 100;
  private static final int CONVERGENCES = 20;

  @TempDir Path dir;

  @Test
  void commitLatencyAndConvergenceOverEachTransport() throws Exception {
    Path root = dir.resolve("remotes");
    Path remote = Fixtures.bareRemote(root.resolve("remote.git"));
    report(
        "# linkmesh-store-git benchmark, "
            + Runtime.getRuntime().availableProcessors()
            + " cores, "
            + COMMITS
            + " sequential commits per transport, one config each");
    run("local disk", "l", b -> b.remoteUrl(remote.toString()));
    try (GitHttpServer http = new GitHttpServer(root, "bench", "token")) {
      Path password = Files.writeString(dir.resolve("password"), "token");
      run(
          "HTTP (git http-backend)",
          "h",
          b -> b.remoteUrl(http.url("remote.git")).https("bench", password));
    }
    KeyPair client = GitSshServer.newRsaKey();
    Path key = Fixtures.writePrivateKey(client, dir.resolve("id_rsa"));
    try (GitSshServer ssh = new GitSshServer(root, client.getPublic())) {
      Path knownHosts = Files.writeString(dir.resolve("known_hosts"), ssh.knownHostsLine());
      run(
          "SSH (MINA SSHD + JGit)",
          "s",
          b -> b.remoteUrl(ssh.url("remote.git")).ssh(key, knownHosts));
    }
  }

  private void run(String transport, String prefix, UnaryOperator<GitStoreOptions.Builder> reach)
      throws Exception {
    for (Duration interval : List.of(Duration.ofMillis(100), Duration.ofSeconds(1))) {
      String tag = prefix + interval.toMillis();
      try (GitRevisionStore a = open(reach, tag + "a", interval);
          GitRevisionStore b = open(reach, tag + "b", interval)) {
        RevisionId base = a.head().map(Revision::id).orElse(null);
        if (interval.toMillis() == 100) {
          List<Long> latencies = new ArrayList<>();
          List<Long> cpu = new ArrayList<>();
          ThreadMXBean threads = ManagementFactory.getThreadMXBean();
          for (int i = 0; i < COMMITS; i++) {
            long start = System.nanoTime();
            long startCpu = threads.getCurrentThreadCpuTime();
            base = committed(a.commit(put(base, "bench-" + prefix, "n: " + i + "\n"))).id();
            cpu.add(threads.getCurrentThreadCpuTime() - startCpu);
            latencies.add(System.nanoTime() - start);
          }
          report(String.format(Locale.ROOT, "%-24s commit+push  %s", transport, stats(latencies)));
          report(
              String.format(
                  Locale.ROOT, "%-24s   (CPU of the committing thread: %s)", "", stats(cpu)));
        }
        b.sync();
        Map<RevisionId, Long> seenAt = new ConcurrentHashMap<>();
        Semaphore changes = new Semaphore(0);
        b.onExternalChange(
            () -> {
              b.head().ifPresent(head -> seenAt.putIfAbsent(head.id(), System.nanoTime()));
              changes.release();
            });
        b.start();
        List<Long> convergence = new ArrayList<>();
        for (int i = 0; i < CONVERGENCES; i++) {
          RevisionId expected =
              committed(a.commit(put(base, "conv-" + prefix, "n: " + i + "\n"))).id();
          long committedAt = System.nanoTime();
          while (!seenAt.containsKey(expected)) {
            assertThat(changes.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
          }
          convergence.add(Math.max(0, seenAt.get(expected) - committedAt));
          base = expected;
        }
        report(
            String.format(
                Locale.ROOT,
                "%-24s convergence  %s (poll interval %d ms)",
                transport,
                stats(convergence),
                interval.toMillis()));
      }
    }
  }

  private GitRevisionStore open(
      UnaryOperator<GitStoreOptions.Builder> reach, String name, Duration interval) {
    return GitRevisionStore.open(
        reach
            .apply(GitStoreOptions.builder())
            .cloneDir(dir.resolve(name + "/git"))
            .replica(name)
            .pollInterval(interval)
            .build());
  }

  private static String stats(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    double mean = sorted.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
    return String.format(
        Locale.ROOT,
        "mean %7.1f ms  p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms",
        mean,
        percentile(sorted, 50),
        percentile(sorted, 95),
        sorted.get(sorted.size() - 1) / 1e6);
  }

  private static double percentile(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1e6;
  }

  private static void report(String line) throws Exception {
    LOG.info(line);
    Files.writeString(
        Path.of("target/benchmark.txt"),
        line + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
