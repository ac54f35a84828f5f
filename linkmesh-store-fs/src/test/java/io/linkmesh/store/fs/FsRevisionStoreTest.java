package io.linkmesh.store.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the contract does not cover: sizes on disk, many writers, lifecycle. */
class FsRevisionStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private final TempDirs temp = new TempDirs();

  @AfterEach
  void cleanUp() throws Exception {
    temp.close();
  }

  private static Revision commit(FsRevisionStore store, @Nullable RevisionId base, Change... c) {
    CommitResult result = store.commit(new Commit(base, List.of(c), "alice", "m", T0));
    assertThat(result).isInstanceOf(CommitResult.Committed.class);
    return ((CommitResult.Committed) result).revision();
  }

  private static long packBytes(Path dir) throws Exception {
    return Files.size(dir.resolve("objects").resolve("pack-00000001.dat"));
  }

  @Nested
  class Space {
    @Test
    void oneDocumentCommitOnTenThousandDocumentsWritesAFewKilobytes() throws Exception {
      Path dir = temp.create();
      FsRevisionStore store = temp.track(FsRevisionStore.open(dir));
      List<Change> enroll = new ArrayList<>();
      for (int i = 0; i < Commit.MAX_CHANGES; i++) {
        enroll.add(Change.put("collectors/c-" + i, "kind: collector/v1\nid: c-" + i + "\n"));
      }
      Revision all = commit(store, null, enroll.toArray(Change[]::new));
      long before = packBytes(dir);
      Revision one = commit(store, all.id(), Change.put("configs/a", "kind: config/v1\n"));
      long written = packBytes(dir) - before;
      assertThat(written).as("bytes written by a one-document commit").isLessThan(4_000);
      assertThat(store.snapshot(one.id()).orElseThrow()).hasSize(Commit.MAX_CHANGES + 1);
    }

    @Test
    void unchangedContentIsStoredOnce() throws Exception {
      Path dir = temp.create();
      FsRevisionStore store = temp.track(FsRevisionStore.open(dir));
      String big = "x".repeat(100_000);
      Revision head = commit(store, null, Change.put("configs/big", big));
      for (int i = 0; i < 20; i++) {
        head = commit(store, head.id(), Change.put("configs/small", "v" + (i % 2)));
      }
      head = commit(store, head.id(), Change.put("configs/copy", big));
      assertThat(packBytes(dir)).isLessThan(120_000);
      assertThat(store.snapshot(head.id()).orElseThrow()).containsEntry("configs/copy", big);
    }
  }

  @Nested
  class ManyWriters {
    @Test
    void writersOfDifferentDocumentsAllLandAndSurviveReopening() throws Exception {
      Path dir = temp.create();
      FsRevisionStore store = FsRevisionStore.open(dir);
      Revision base = commit(store, null, Change.put("configs/base", "0"));
      int writers = 8;
      int each = 25;
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Revision>>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          int writer = w;
          Callable<List<Revision>> task =
              () -> {
                start.await();
                List<Revision> made = new ArrayList<>();
                RevisionId mine = base.id();
                for (int i = 0; i < each; i++) {
                  // Based on this writer's last revision: stale, but its document is unchanged.
                  Revision r = commit(store, mine, Change.put("configs/w" + writer, "v" + i));
                  made.add(r);
                  mine = r.id();
                }
                return made;
              };
          futures.add(pool.submit(task));
        }
        start.countDown();
        for (Future<List<Revision>> future : futures) {
          assertThat(future.get(60, TimeUnit.SECONDS)).hasSize(each);
        }
      } finally {
        pool.shutdownNow();
      }
      Revision head = store.head().orElseThrow();
      store.close();
      try (FsRevisionStore reopened = FsRevisionStore.open(dir)) {
        assertThat(reopened.head()).contains(head);
        Map<String, String> state = reopened.snapshot(head.id()).orElseThrow();
        for (int w = 0; w < writers; w++) {
          assertThat(state).containsEntry("configs/w" + w, "v" + (each - 1));
        }
        int count = 0;
        RevisionId from = null;
        do {
          var page = reopened.history(from, 100);
          count += page.items().size();
          from = page.next();
        } while (from != null);
        assertThat(count).isEqualTo(1 + writers * each);
      }
    }
  }

  @Nested
  class Lifecycle {
    @Test
    void aBaseOnAnEmptyStoreIsRefused() throws Exception {
      FsRevisionStore store = temp.track(FsRevisionStore.open(temp.create()));
      RevisionId unknown = RevisionId.of("0".repeat(64));
      assertThatThrownBy(
              () ->
                  store.commit(
                      new Commit(unknown, List.of(Change.put("configs/a", "A")), "a", "m", T0)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("empty");
      assertThat(store.head()).isEmpty();
    }

    @Test
    void everyFileAndDirectoryItCreatesIsOwnerOnlyWhateverTheUmask() throws Exception {
      Path state = temp.create().resolve("data").resolve("state");
      try (FsRevisionStore store = FsRevisionStore.open(state);
          FsAuditLog audit = FsAuditLog.open(state)) {
        commit(store, null, Change.put("collectors/c-1", "kind: collector/v1\nid: c-1\n"));
        audit.append(
            new io.linkmesh.domain.audit.AuditEntry(
                0, T0, "alice", "config.put", "configs/a", "::1", "ok", ""));
      }
      List<Path> all;
      try (java.util.stream.Stream<Path> walk = Files.walk(state.getParent())) {
        all = walk.toList();
      }
      // The data directory, state/, objects/, audit/, HEAD, the packs, the lock files, the log.
      assertThat(all).hasSizeGreaterThanOrEqualTo(8);
      for (Path path : all) {
        assertThat(
                java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(path)))
            .as("%s", path)
            .isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------");
      }
    }

    @Test
    void aClosedStoreAnswersNoMoreAndReleasesTheDirectory() throws Exception {
      Path dir = temp.create();
      FsRevisionStore store = FsRevisionStore.open(dir);
      commit(store, null, Change.put("configs/a", "A"));
      store.close();
      assertThat(store.status().writable()).isFalse();
      assertThatThrownBy(store::head).isInstanceOf(IllegalStateException.class);
      try (FsRevisionStore again = FsRevisionStore.open(dir)) {
        assertThat(again.head()).isPresent();
      }
    }

    @Test
    void idsThatAreNotRevisionsOfThisStoreAreNotFound() throws Exception {
      FsRevisionStore store = temp.track(FsRevisionStore.open(temp.create()));
      Revision r = commit(store, null, Change.put("configs/a", "A"));
      assertThat(store.find(RevisionId.of("not-a-hash"))).isEmpty();
      assertThat(store.history(RevisionId.of("not-a-hash"), 10).items()).isEmpty();
      assertThat(store.find(r.id())).contains(r);
    }
  }
}
