package io.linkmesh.domain.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkmesh.domain.port.out.RevisionStore;
import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.HistoryPage;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RevisionStore} must do. A store's test extends this class and says how to make
 * a fresh, empty store and how to reopen one (for durable stores: close it and open the same
 * storage again).
 */
public abstract class RevisionStoreContract {
  protected static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  /** A new, empty store. */
  protected abstract RevisionStore newStore() throws Exception;

  /** The same storage opened again, as after a restart; stores without storage return it. */
  protected RevisionStore reopen(RevisionStore store) throws Exception {
    return store;
  }

  protected static Commit commit(@Nullable RevisionId base, String message, Change... changes) {
    return new Commit(base, List.of(changes), "alice", message, T0);
  }

  protected static Revision committed(CommitResult result) {
    assertThat(result).isInstanceOf(CommitResult.Committed.class);
    return ((CommitResult.Committed) result).revision();
  }

  @Nested
  class Commits {
    @Test
    void emptyStoreHasNoHead() throws Exception {
      RevisionStore store = newStore();
      assertThat(store.head()).isEmpty();
      assertThat(store.history(null, 10).items()).isEmpty();
    }

    @Test
    void firstCommitBecomesHeadWithNoParent() throws Exception {
      RevisionStore store = newStore();
      Revision first =
          committed(store.commit(commit(null, "first", Change.put("configs/a", "kind: x\n"))));
      assertThat(store.head()).contains(first);
      assertThat(first.parent()).isNull();
      assertThat(first.author()).isEqualTo("alice");
      assertThat(first.message()).isEqualTo("first");
      assertThat(first.time()).isEqualTo(T0);
      assertThat(store.snapshot(first.id())).contains(Map.of("configs/a", "kind: x\n"));
    }

    @Test
    void commitOnHeadKeepsUntouchedDocumentsAndDeletes() throws Exception {
      RevisionStore store = newStore();
      Revision r1 =
          committed(
              store.commit(
                  commit(
                      null,
                      "one",
                      Change.put("configs/a", "A\n"),
                      Change.put("configs/b", "B\n"))));
      Revision r2 =
          committed(
              store.commit(
                  commit(
                      r1.id(), "two", Change.put("configs/c", "C\n"), Change.delete("configs/a"))));
      assertThat(r2.parent()).isEqualTo(r1.id());
      assertThat(store.snapshot(r2.id())).contains(Map.of("configs/b", "B\n", "configs/c", "C\n"));
      assertThat(store.snapshot(r1.id()))
          .as("an old revision never changes")
          .contains(Map.of("configs/a", "A\n", "configs/b", "B\n"));
    }

    @Test
    void contentRoundTripsExactly() throws Exception {
      RevisionStore store = newStore();
      String text = "kind: config/v1\n\nunicode: é ✓ 日本\r\ncrlf and no final newline";
      String big = "x".repeat(512 * 1024) + "\n";
      Revision r =
          committed(
              store.commit(
                  commit(
                      null,
                      "exact",
                      Change.put("configs/u", text),
                      Change.put("configs/big", big))));
      assertThat(store.snapshot(r.id()).orElseThrow())
          .containsEntry("configs/u", text)
          .containsEntry("configs/big", big);
    }

    @Test
    void revisionIdsAreUnique() throws Exception {
      RevisionStore store = newStore();
      Set<RevisionId> ids = new HashSet<>();
      RevisionId base = null;
      for (int i = 0; i < 20; i++) {
        Revision r =
            committed(store.commit(commit(base, "same", Change.put("configs/a", "v" + (i % 2)))));
        assertThat(ids.add(r.id())).as("id %s is new", r.id()).isTrue();
        base = r.id();
      }
    }

    @Test
    void unknownRevisionIsNotFound() throws Exception {
      RevisionStore store = newStore();
      committed(store.commit(commit(null, "one", Change.put("configs/a", "A"))));
      RevisionId unknown = RevisionId.of("0123456789abcdef0123456789abcdef01234567");
      assertThat(store.find(unknown)).isEmpty();
      assertThat(store.snapshot(unknown)).isEmpty();
    }
  }

  @Nested
  class Concurrency {
    @Test
    void staleBaseTouchingTheSameDocumentIsAConflictAndWritesNothing() throws Exception {
      RevisionStore store = newStore();
      Revision r1 = committed(store.commit(commit(null, "one", Change.put("configs/a", "A1"))));
      Revision r2 = committed(store.commit(commit(r1.id(), "two", Change.put("configs/a", "A2"))));
      CommitResult stale = store.commit(commit(r1.id(), "stale", Change.put("configs/a", "A3")));
      assertThat(stale).isInstanceOf(CommitResult.Conflict.class);
      CommitResult.Conflict conflict = (CommitResult.Conflict) stale;
      assertThat(conflict.head()).isEqualTo(r2.id());
      assertThat(conflict.paths()).containsExactly("configs/a");
      assertThat(store.head().orElseThrow().id()).isEqualTo(r2.id());
      assertThat(store.snapshot(r2.id()).orElseThrow()).containsEntry("configs/a", "A2");
    }

    @Test
    void staleBaseTouchingOtherDocumentsAppliesOnTopOfTheHead() throws Exception {
      RevisionStore store = newStore();
      Revision r1 = committed(store.commit(commit(null, "one", Change.put("configs/a", "A1"))));
      Revision r2 = committed(store.commit(commit(r1.id(), "two", Change.put("configs/a", "A2"))));
      Revision r3 = committed(store.commit(commit(r1.id(), "other", Change.put("configs/b", "B"))));
      assertThat(r3.parent()).isEqualTo(r2.id());
      assertThat(store.snapshot(r3.id()).orElseThrow())
          .containsEntry("configs/a", "A2")
          .containsEntry("configs/b", "B");
    }

    @Test
    void unknownBaseIsAConflictOnEveryPathItChanges() throws Exception {
      RevisionStore store = newStore();
      Revision r1 = committed(store.commit(commit(null, "one", Change.put("configs/a", "A1"))));
      RevisionId unknown = RevisionId.of("0123456789abcdef0123456789abcdef01234567");
      CommitResult result =
          store.commit(
              commit(unknown, "x", Change.put("configs/b", "B"), Change.delete("configs/a")));
      assertThat(result)
          .isEqualTo(new CommitResult.Conflict(r1.id(), List.of("configs/b", "configs/a")));
      assertThat(store.head()).contains(r1);
    }

    @Test
    void aBaseOnAStoreWithNoRevisionIsRefusedAsAProgrammerError() throws Exception {
      RevisionStore store = newStore();
      RevisionId unknown = RevisionId.of("0123456789abcdef0123456789abcdef01234567");
      assertThatThrownBy(() -> store.commit(commit(unknown, "x", Change.put("configs/a", "A"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(unknown.value());
      assertThat(store.head()).isEmpty();
    }

    @Test
    void noBaseOnAStoreWithRevisionsConflictsOnlyOnDocumentsThatExist() throws Exception {
      RevisionStore store = newStore();
      Revision r1 = committed(store.commit(commit(null, "one", Change.put("configs/a", "A1"))));
      assertThat(store.commit(commit(null, "again", Change.put("configs/a", "A2"))))
          .isEqualTo(new CommitResult.Conflict(r1.id(), List.of("configs/a")));
      Revision r2 = committed(store.commit(commit(null, "new", Change.put("configs/b", "B"))));
      assertThat(r2.parent()).isEqualTo(r1.id());
    }

    @Test
    void staleBaseCreatingOrDeletingADocumentChangedSinceIsAConflict() throws Exception {
      RevisionStore store = newStore();
      Revision r1 = committed(store.commit(commit(null, "one", Change.put("configs/a", "A1"))));
      Revision r2 =
          committed(
              store.commit(
                  commit(
                      r1.id(),
                      "two",
                      Change.put("configs/a", "A2"),
                      Change.put("configs/b", "B"))));
      assertThat(store.commit(commit(r1.id(), "create", Change.put("configs/b", "mine"))))
          .isEqualTo(new CommitResult.Conflict(r2.id(), List.of("configs/b")));
      assertThat(store.commit(commit(r1.id(), "delete", Change.delete("configs/a"))))
          .isEqualTo(new CommitResult.Conflict(r2.id(), List.of("configs/a")));
      assertThat(store.head()).contains(r2);
    }

    @Test
    void aDocumentChangedAndChangedBackSinceTheBaseIsNotAConflict() throws Exception {
      RevisionStore store = newStore();
      Revision r1 = committed(store.commit(commit(null, "one", Change.put("configs/a", "A1"))));
      Revision r2 = committed(store.commit(commit(r1.id(), "two", Change.put("configs/a", "A2"))));
      Revision r3 = committed(store.commit(commit(r2.id(), "back", Change.put("configs/a", "A1"))));
      Revision r4 = committed(store.commit(commit(r1.id(), "late", Change.put("configs/a", "A3"))));
      assertThat(r4.parent()).isEqualTo(r3.id());
      assertThat(store.snapshot(r4.id()).orElseThrow()).containsEntry("configs/a", "A3");
    }

    @Test
    void concurrentWritersOfTheSameDocumentOnTheSameBaseHaveExactlyOneWinner() throws Exception {
      RevisionStore store = newStore();
      Revision base = committed(store.commit(commit(null, "base", Change.put("configs/a", "0"))));
      List<CommitResult> results =
          Race.of(
              8, i -> store.commit(commit(base.id(), "w" + i, Change.put("configs/a", "v" + i))));
      long winners = results.stream().filter(r -> r instanceof CommitResult.Committed).count();
      assertThat(winners).isEqualTo(1);
      assertThat(store.history(null, 100).items()).hasSize(2);
    }

    @Test
    void concurrentWritersOfDifferentDocumentsAllWin() throws Exception {
      RevisionStore store = newStore();
      Revision base = committed(store.commit(commit(null, "base", Change.put("configs/a", "0"))));
      List<CommitResult> results =
          Race.of(
              8,
              i -> store.commit(commit(base.id(), "w" + i, Change.put("configs/c" + i, "v" + i))));
      assertThat(results).allMatch(r -> r instanceof CommitResult.Committed);
      Map<String, String> head = store.snapshot(store.head().orElseThrow().id()).orElseThrow();
      for (int i = 0; i < 8; i++) {
        assertThat(head).containsEntry("configs/c" + i, "v" + i);
      }
      assertThat(store.history(null, 100).items()).hasSize(9);
    }
  }

  @Nested
  class History {
    @Test
    void pagesNewestFirstWithoutGapsOrRepeats() throws Exception {
      RevisionStore store = newStore();
      List<RevisionId> made = new ArrayList<>();
      RevisionId base = null;
      for (int i = 0; i < 25; i++) {
        Revision r =
            committed(store.commit(commit(base, "m" + i, Change.put("configs/a", "v" + i))));
        made.add(0, r.id());
        base = r.id();
      }
      List<RevisionId> seen = new ArrayList<>();
      RevisionId from = null;
      int pages = 0;
      do {
        HistoryPage page = store.history(from, 10);
        assertThat(page.items()).hasSizeLessThanOrEqualTo(10);
        page.items().forEach(r -> seen.add(r.id()));
        from = page.next();
        pages++;
      } while (from != null && pages < 10);
      assertThat(pages).isEqualTo(3);
      assertThat(seen).isEqualTo(made);
    }

    @Test
    void startsFromAGivenRevision() throws Exception {
      RevisionStore store = newStore();
      Revision r1 = committed(store.commit(commit(null, "one", Change.put("configs/a", "1"))));
      Revision r2 = committed(store.commit(commit(r1.id(), "two", Change.put("configs/a", "2"))));
      committed(store.commit(commit(r2.id(), "three", Change.put("configs/a", "3"))));
      HistoryPage page = store.history(r2.id(), 10);
      assertThat(page.items()).extracting(Revision::id).containsExactly(r2.id(), r1.id());
      assertThat(page.next()).isNull();
    }
  }

  @Nested
  class Durability {
    @Test
    void reopenedStoreHasTheSameHeadHistoryAndSnapshots() throws Exception {
      RevisionStore store = newStore();
      Revision r1 = committed(store.commit(commit(null, "one", Change.put("configs/a", "1"))));
      Revision r2 =
          committed(
              store.commit(
                  commit(
                      r1.id(), "two", Change.put("configs/b", "2"), Change.delete("configs/a"))));
      RevisionStore reopened = reopen(store);
      assertThat(reopened.head()).contains(r2);
      assertThat(reopened.find(r1.id())).contains(r1);
      assertThat(reopened.snapshot(r2.id())).contains(Map.of("configs/b", "2"));
      assertThat(reopened.history(null, 10).items())
          .extracting(Revision::id)
          .containsExactly(r2.id(), r1.id());
    }
  }
}
