package io.linkmesh.store.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Makes each I/O step of a commit fail in turn (a crash, a full disk) and checks what the store and
 * a reopened store find: a whole head, every acknowledged revision.
 */
class FsRevisionStoreFaultTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  /** Large enough that half of its torn write is longer than the next commit. */
  private static final String BIG = "C3" + "x".repeat(10_000);

  private final TempDirs temp = new TempDirs();

  @AfterEach
  void cleanUp() throws Exception {
    temp.close();
  }

  private static Commit commit(@Nullable RevisionId base, String message, Change... changes) {
    return new Commit(base, List.of(changes), "alice", message, T0);
  }

  private static Revision committed(CommitResult result) {
    assertThat(result).isInstanceOf(CommitResult.Committed.class);
    return ((CommitResult.Committed) result).revision();
  }

  /** A store with two acknowledged revisions, about to make a third. */
  private final class Scenario {
    final Path dir;
    final FailingFileOps ops = new FailingFileOps();
    final FsRevisionStore store;
    final List<Revision> acknowledged = new ArrayList<>();
    final Map<RevisionId, Map<String, String>> contents = new HashMap<>();

    Scenario(long packBytes) throws Exception {
      dir = temp.create();
      store = temp.track(FsRevisionStore.open(dir, ops, packBytes));
      commitAndRecord(null, Map.of("configs/a", "A1", "configs/b", "B1"));
      commitAndRecord(acknowledged.get(0).id(), Map.of("configs/a", "A2"));
    }

    Map<String, String> next(Map<String, String> changes) {
      Map<String, String> state =
          new TreeMap<>(
              acknowledged.isEmpty()
                  ? Map.of()
                  : contents.get(acknowledged.get(acknowledged.size() - 1).id()));
      state.putAll(changes);
      return state;
    }

    CommitResult commitAndRecord(@Nullable RevisionId base, Map<String, String> changes) {
      Map<String, String> expected = next(changes);
      List<Change> list = new ArrayList<>();
      changes.forEach((path, text) -> list.add(Change.put(path, text)));
      CommitResult result =
          store.commit(new Commit(base, list, "alice", "m" + acknowledged.size(), T0));
      Revision revision = committed(result);
      acknowledged.add(revision);
      contents.put(revision.id(), expected);
      return result;
    }

    /** Reopens with the real file system and checks everything acknowledged is whole. */
    FsRevisionStore reopenAndCheck(@Nullable Map<String, String> unacknowledged) {
      store.close();
      FsRevisionStore reopened = temp.track(FsRevisionStore.open(dir));
      Revision head = reopened.head().orElseThrow();
      Revision last = acknowledged.get(acknowledged.size() - 1);
      if (!head.equals(last)) {
        assertThat(unacknowledged)
            .as("the head is the last acknowledged revision or the failed commit, whole")
            .isNotNull();
        assertThat(head.parent()).isEqualTo(last.id());
        assertThat(reopened.snapshot(head.id())).contains(unacknowledged);
      }
      for (Revision revision : acknowledged) {
        assertThat(reopened.find(revision.id())).contains(revision);
        assertThat(reopened.snapshot(revision.id())).contains(contents.get(revision.id()));
      }
      assertThat(reopened.snapshot(head.id())).isPresent();
      Revision after =
          committed(reopened.commit(commit(head.id(), "after", Change.put("configs/z", "Z"))));
      assertThat(reopened.head()).contains(after);
      return reopened;
    }
  }

  @Nested
  class Crash {
    @ParameterizedTest(name = "pack size {0}")
    @ValueSource(longs = {64L << 20, 1})
    void crashAtEveryStepOfACommitLeavesAWholeHeadAndEveryAcknowledgedRevision(long packBytes)
        throws Exception {
      Set<String> failedSteps = new TreeSet<>();
      int step = 1;
      for (; step < 100; step++) {
        Scenario scenario = new Scenario(packBytes);
        scenario.ops.failAt(step, true);
        Revision made = null;
        try {
          made =
              committed(
                  scenario.store.commit(
                      commit(
                          scenario.acknowledged.get(1).id(),
                          "third",
                          Change.put("configs/c", "C3"),
                          Change.delete("configs/b"))));
        } catch (StoreException e) {
          assertThat(scenario.ops.fired()).isTrue();
        }
        if (!scenario.ops.fired()) {
          scenario.acknowledged.add(made);
          scenario.contents.put(made.id(), Map.of("configs/a", "A2", "configs/c", "C3"));
          scenario.reopenAndCheck(null);
          break;
        }
        failedSteps.add(step + ": " + scenario.ops.failedStep());
        scenario.reopenAndCheck(Map.of("configs/a", "A2", "configs/c", "C3"));
      }
      assertThat(failedSteps)
          .as("every step of a commit was made to fail")
          .anyMatch(s -> s.contains("write"))
          .anyMatch(s -> s.contains("force"))
          .anyMatch(s -> s.contains("move HEAD.tmp"))
          .anyMatch(s -> s.contains("sync"));
      assertThat(step).isGreaterThanOrEqualTo(6);
    }
  }

  @Nested
  class FailureWithoutCrash {
    @ParameterizedTest(name = "pack size {0}")
    @ValueSource(longs = {64L << 20, 1})
    void aFailedStepLeavesTheStoreConsistentAndTheNextCommitOrReopenWorks(long packBytes)
        throws Exception {
      boolean sawUsable = false;
      boolean sawReadOnly = false;
      for (int step = 1; step < 100; step++) {
        Scenario scenario = new Scenario(packBytes);
        scenario.ops.failAt(step, false);
        try {
          scenario.commitAndRecord(scenario.acknowledged.get(1).id(), Map.of("configs/c", BIG));
          assertThat(scenario.ops.fired()).isFalse();
          scenario.reopenAndCheck(null);
          break;
        } catch (StoreException e) {
          assertThat(scenario.ops.fired()).isTrue();
        }
        Revision head = scenario.store.head().orElseThrow();
        assertThat(head)
            .as("a failed commit never moves the head")
            .isEqualTo(scenario.acknowledged.get(1));
        if (scenario.store.status().writable()) {
          sawUsable = true;
          scenario.commitAndRecord(head.id(), Map.of("configs/d", "D4"));
          // Two more, so that with one commit per pack the pack the failure touched is no
          // longer the last one and must be whole.
          scenario.commitAndRecord(
              scenario.acknowledged.get(scenario.acknowledged.size() - 1).id(),
              Map.of("configs/e", "E5"));
          scenario.commitAndRecord(
              scenario.acknowledged.get(scenario.acknowledged.size() - 1).id(),
              Map.of("configs/f", "F6"));
        } else {
          sawReadOnly = true;
          assertThat(scenario.store.status().detail()).contains("reopened");
          assertThatThrownBy(
                  () ->
                      scenario.store.commit(
                          commit(head.id(), "refused", Change.put("configs/e", "E"))))
              .isInstanceOf(StoreException.class)
              .hasMessageContaining("reopened");
        }
        scenario.reopenAndCheck(
            scenario.store.status().writable() ? null : scenario.next(Map.of("configs/c", BIG)));
      }
      assertThat(sawUsable).as("a failure before HEAD is replaced is taken back").isTrue();
      assertThat(sawReadOnly).as("a failure while HEAD is replaced stops writes").isTrue();
    }
  }
}
