package io.linkmesh.store.git;

import static io.linkmesh.store.git.Fixtures.committed;
import static io.linkmesh.store.git.Fixtures.config;
import static io.linkmesh.store.git.Fixtures.configPath;
import static io.linkmesh.store.git.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.port.out.StoreStatus;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import io.linkmesh.domain.revision.StateCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several replicas sharing one remote over a real transport. A subclass says how the remote is
 * reached, and how to take it away and give it back.
 */
abstract class ReplicaScenarios {
  static final Duration POLL = Duration.ofMillis(100);
  static final long WAIT_SECONDS = 10;

  @TempDir Path dir;
  Path remote;
  private final List<GitRevisionStore> replicas = new ArrayList<>();

  /** Starts serving {@link #remote}, which lies under {@code root} as {@code remote.git}. */
  abstract void startRemote(Path root) throws Exception;

  abstract void stopRemote() throws Exception;

  abstract GitStoreOptions.Builder reach(GitStoreOptions.Builder builder);

  abstract void takeRemoteAway() throws Exception;

  abstract void giveRemoteBack() throws Exception;

  @BeforeEach
  void setUpRemote() throws Exception {
    remote = Fixtures.bareRemote(dir.resolve("remotes/remote.git"));
    startRemote(dir.resolve("remotes"));
  }

  @AfterEach
  void tearDown() throws Exception {
    replicas.forEach(GitRevisionStore::close);
    stopRemote();
  }

  GitRevisionStore replica(String name) {
    GitRevisionStore store =
        GitRevisionStore.open(
            reach(GitStoreOptions.builder())
                .cloneDir(dir.resolve(name + "/git"))
                .replica(name)
                .pollInterval(POLL)
                .build());
    replicas.add(store);
    return store;
  }

  static CountDownLatch latchOnExternalChange(GitRevisionStore store) {
    CountDownLatch latch = new CountDownLatch(1);
    store.onExternalChange(latch::countDown);
    return latch;
  }

  static void awaitChange(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(WAIT_SECONDS, TimeUnit.SECONDS))
        .as("the replica saw the change within %s s", WAIT_SECONDS)
        .isTrue();
  }

  static RevisionId headId(GitRevisionStore store) {
    return store.head().orElseThrow().id();
  }

  @Nested
  class ConcurrentWriters {
    @Test
    void writersOfTheSameConfigOnTwoReplicasHaveExactlyOneWinner() throws Exception {
      GitRevisionStore a = replica("a");
      Revision base = committed(a.commit(put(null, "web", "v: 0\n")));
      GitRevisionStore b = replica("b");
      assertThat(headId(b)).isEqualTo(base.id());

      List<CommitResult> results =
          race(
              () -> a.commit(put(base.id(), "web", "v: a\n")),
              () -> b.commit(put(base.id(), "web", "v: b\n")));

      assertThat(results).filteredOn(r -> r instanceof CommitResult.Committed).hasSize(1);
      assertThat(results).filteredOn(r -> r instanceof CommitResult.Conflict).hasSize(1);
      CommitResult.Conflict conflict =
          (CommitResult.Conflict)
              results.stream().filter(r -> r instanceof CommitResult.Conflict).findFirst().get();
      assertThat(conflict.paths()).containsExactly(configPath("web"));
      a.sync();
      b.sync();
      assertThat(headId(a)).isEqualTo(headId(b));
      assertThat(a.history(null, 10).items()).hasSize(2);
    }

    @Test
    void writersOfDifferentConfigsOnThreeReplicasAllWin() throws Exception {
      GitRevisionStore a = replica("a");
      Revision base = committed(a.commit(put(null, "web", "v: 0\n")));
      GitRevisionStore b = replica("b");
      GitRevisionStore c = replica("c");

      List<CommitResult> results =
          race(
              () -> a.commit(put(base.id(), "one", "v: a\n")),
              () -> b.commit(put(base.id(), "two", "v: b\n")),
              () -> c.commit(put(base.id(), "three", "v: c\n")));

      assertThat(results).allMatch(r -> r instanceof CommitResult.Committed);
      for (GitRevisionStore replica : List.of(a, b, c)) {
        replica.sync();
        assertThat(replica.snapshot(headId(replica)).orElseThrow())
            .containsEntry(configPath("web"), config("web", "v: 0\n"))
            .containsEntry(configPath("one"), config("one", "v: a\n"))
            .containsEntry(configPath("two"), config("two", "v: b\n"))
            .containsEntry(configPath("three"), config("three", "v: c\n"));
      }
      assertThat(headId(a)).isEqualTo(headId(b)).isEqualTo(headId(c));
      assertThat(a.history(null, 10).items()).hasSize(4);
    }
  }

  @Nested
  class Convergence {
    @Test
    void aReplicaSeesAnotherReplicasCommitWithinThePollInterval() throws Exception {
      GitRevisionStore a = replica("a");
      Revision base = committed(a.commit(put(null, "web", "v: 0\n")));
      GitRevisionStore b = replica("b").start();
      CountDownLatch changed = latchOnExternalChange(b);

      Revision next = committed(a.commit(put(base.id(), "web", "v: 1\n")));

      awaitChange(changed);
      assertThat(b.head()).contains(next);
      assertThat(b.snapshot(next.id()).orElseThrow())
          .containsEntry(configPath("web"), config("web", "v: 1\n"));
      assertThat(b.status()).isEqualTo(StoreStatus.OK);
    }

    @Test
    void aPersonsCommitWithTheGitCommandLineIsPickedUp() throws Exception {
      GitRevisionStore a = replica("a");
      committed(a.commit(put(null, "web", "receivers: {}\n")));
      a.start();
      CountDownLatch changed = latchOnExternalChange(a);

      Fixtures.Person pat = new Fixtures.Person(remote, dir.resolve("pat"));
      assertThat(pat.read("configs/web/config.yaml")).isEqualTo("receivers: {}\n");
      String id =
          pat.write("configs/web/config.yaml", "receivers:\n  otlp: {}\n")
              .commitAndPush("Add the OTLP receiver");

      awaitChange(changed);
      Revision head = a.head().orElseThrow();
      assertThat(head.id().value()).isEqualTo(id);
      assertThat(head.author()).isEqualTo("Pat Person");
      assertThat(head.message()).isEqualTo("Add the OTLP receiver\n");
      assertThat(
              StateCodec.decodeConfig(a.snapshot(head.id()).orElseThrow().get(configPath("web")))
                  .content())
          .isEqualTo("receivers:\n  otlp: {}\n");
    }

    @Test
    void aCommitThatDoesNotValidateIsSkippedAndReportedUntilTheNextValidOne() throws Exception {
      GitRevisionStore a = replica("a");
      Revision good = committed(a.commit(put(null, "web", "receivers: {}\n")));
      Fixtures.Person pat = new Fixtures.Person(remote, dir.resolve("pat"));
      String meta = pat.read("configs/web/meta");
      String bad =
          pat.write("configs/web/meta", meta.replace("runtime: otelcol", "runtime: fluentd"))
              .commitAndPush("Try fluentd");

      assertThat(a.sync()).isFalse();
      assertThat(a.head()).contains(good);
      StoreStatus status = a.status();
      assertThat(status.writable()).isFalse();
      assertThat(status.detail()).contains(bad, "Pat Person", "unknown runtime 'fluentd'");
      assertThatThrownBy(() -> a.commit(put(good.id(), "other", "v: 1\n")))
          .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.unavailable()).isTrue())
          .hasMessageContaining(bad);

      String fixed = pat.write("configs/web/meta", meta).commitAndPush("Back to otelcol");
      assertThat(a.sync()).isTrue();
      assertThat(headId(a).value()).isEqualTo(fixed);
      assertThat(a.status()).isEqualTo(StoreStatus.OK);
      assertThat(a.history(null, 10).items())
          .extracting(r -> r.id().value())
          .containsExactly(fixed, bad, good.id().value());
    }
  }

  @Nested
  class RemoteOutage {
    @Test
    void readsKeepWorkingWritesFailFastAndTheReplicaCatchesUpWhenTheRemoteReturns()
        throws Exception {
      GitRevisionStore a = replica("a");
      Revision base = committed(a.commit(put(null, "web", "v: 0\n")));
      Fixtures.Person pat = new Fixtures.Person(remote, dir.resolve("pat"));

      takeRemoteAway();
      assertThat(a.sync()).isFalse();
      assertThat(a.status().writable()).isFalse();
      assertThat(a.status().detail()).contains("unreachable", base.id().value());
      assertThat(a.head()).contains(base);
      assertThat(a.snapshot(base.id()).orElseThrow()).containsKey(configPath("web"));
      long started = System.nanoTime();
      assertThatThrownBy(() -> a.commit(put(base.id(), "web", "v: 1\n")))
          .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.unavailable()).isTrue());
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      assertThat(a.head()).contains(base);

      // Someone with direct access to the repository commits while this replica cannot reach it.
      String theirs = pat.write("configs/web/config.yaml", "v: 2\n").commitAndPush("While away");
      CountDownLatch changed = latchOnExternalChange(a);
      a.start();
      giveRemoteBack();

      awaitChange(changed);
      assertThat(headId(a).value()).isEqualTo(theirs);
      assertThat(a.status()).isEqualTo(StoreStatus.OK);
      Revision after = committed(a.commit(put(headId(a), "other", "v: 3\n")));
      assertThat(after.parent()).isEqualTo(RevisionId.of(theirs));
    }
  }

  @SafeVarargs
  static <T> List<T> race(Callable<T>... tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.length);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
