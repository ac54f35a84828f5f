package io.linkmesh.store.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.RevisionId;
import io.linkmesh.domain.testing.InMemoryRevisionStore;
import io.linkmesh.store.fs.internal.FileOps;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random commits (puts and deletes over a few hundred paths, fresh and stale bases) applied to the
 * store and to the domain's in-memory store side by side: same outcomes, same snapshots, before and
 * after a reopen. Small packs make it roll over to many pack files; many paths make the hash trie
 * split and collapse.
 */
class FsRevisionStoreModelTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private final TempDirs temp = new TempDirs();

  @AfterEach
  void cleanUp() throws Exception {
    temp.close();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2})
  void behavesLikeTheInMemoryStore(long seed) throws Exception {
    Random random = new Random(seed);
    Path dir = temp.create();
    FsRevisionStore store = FsRevisionStore.open(dir, FileOps.system(), 8 * 1024);
    InMemoryRevisionStore model = new InMemoryRevisionStore();
    List<RevisionId> ours = new ArrayList<>();
    List<RevisionId> theirs = new ArrayList<>();
    int conflicts = 0;
    for (int i = 0; i < 120; i++) {
      int baseIndex =
          ours.isEmpty()
              ? -1
              : random.nextInt(4) == 0 ? random.nextInt(ours.size()) : ours.size() - 1;
      Map<String, Change> changes = new LinkedHashMap<>();
      int count = 1 + random.nextInt(i % 10 == 0 ? 150 : 6);
      for (int c = 0; c < count; c++) {
        String path = "collectors/c-" + random.nextInt(300);
        changes.put(
            path,
            random.nextInt(3) == 0
                ? Change.delete(path)
                : Change.put(path, "value " + random.nextInt(5) + "\n"));
      }
      List<Change> list = List.copyOf(changes.values());
      CommitResult mine =
          store.commit(
              new Commit(baseIndex < 0 ? null : ours.get(baseIndex), list, "a", "m" + i, T0));
      CommitResult expected =
          model.commit(
              new Commit(baseIndex < 0 ? null : theirs.get(baseIndex), list, "a", "m" + i, T0));
      assertThat(mine.getClass()).as("outcome of commit %d", i).isEqualTo(expected.getClass());
      if (mine instanceof CommitResult.Committed committed) {
        ours.add(committed.revision().id());
        theirs.add(((CommitResult.Committed) expected).revision().id());
        assertThat(store.snapshot(ours.get(ours.size() - 1)))
            .isEqualTo(model.snapshot(theirs.get(theirs.size() - 1)));
      } else {
        conflicts++;
        assertThat(((CommitResult.Conflict) mine).paths())
            .isEqualTo(((CommitResult.Conflict) expected).paths());
      }
    }
    assertThat(conflicts).as("some commits conflicted").isPositive();
    assertThat(ours).as("most commits landed").hasSizeGreaterThan(60);
    store.close();
    try (FsRevisionStore reopened = FsRevisionStore.open(dir)) {
      for (int k = 0; k < ours.size(); k++) {
        assertThat(reopened.snapshot(ours.get(k))).isEqualTo(model.snapshot(theirs.get(k)));
      }
      assertThat(reopened.history(null, 500).items()).hasSize(ours.size());
    }
  }
}
