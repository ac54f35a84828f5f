package io.linkmesh.domain.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkmesh.domain.port.out.RevisionStore;
import io.linkmesh.domain.port.out.ServerMetrics.CommitOutcome;
import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.HistoryPage;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import io.linkmesh.domain.testing.InMemoryRevisionStore;
import io.linkmesh.domain.testing.RecordingServerMetrics;
import io.linkmesh.domain.testing.RevisionStoreContract;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MeteredRevisionStoreTest {
  private final RecordingServerMetrics metrics = new RecordingServerMetrics();

  @Test
  void timesCommitsByOutcome() {
    AtomicLong nanos = new AtomicLong();
    RevisionStore store =
        new MeteredRevisionStore(
            new InMemoryRevisionStore(), metrics, () -> nanos.getAndAdd(1_000_000));
    CommitResult first = store.commit(commit(null, "a"));
    RevisionId base = ((CommitResult.Committed) first).revision().id();
    store.commit(commit(base, "b"));
    CommitResult stale = store.commit(commit(base, "c"));

    assertThat(stale).isInstanceOf(CommitResult.Conflict.class);
    assertThat(metrics.commits(CommitOutcome.COMMITTED)).isEqualTo(2);
    assertThat(metrics.commits(CommitOutcome.CONFLICT)).isEqualTo(1);
    assertThat(metrics.commitNanos()).containsExactly(1_000_000L, 1_000_000L, 1_000_000L);
  }

  @Test
  void aFailedCommitIsTimedAsAnErrorAndStillThrows() {
    InMemoryRevisionStore inner = new InMemoryRevisionStore();
    RevisionStore failing =
        new RevisionStore() {
          @Override
          public Optional<Revision> head() {
            return inner.head();
          }

          @Override
          public Optional<Revision> find(RevisionId id) {
            return inner.find(id);
          }

          @Override
          public Optional<Map<String, String>> snapshot(RevisionId id) {
            return inner.snapshot(id);
          }

          @Override
          public CommitResult commit(Commit commit) {
            throw new StoreException("disk full", true);
          }

          @Override
          public HistoryPage history(@Nullable RevisionId from, int limit) {
            return inner.history(from, limit);
          }
        };
    RevisionStore store = new MeteredRevisionStore(failing, metrics, System::nanoTime);

    assertThatThrownBy(() -> store.commit(commit(null, "a"))).isInstanceOf(StoreException.class);
    assertThat(metrics.commits(CommitOutcome.ERROR)).isEqualTo(1);
  }

  private static Commit commit(@Nullable RevisionId base, String content) {
    return new Commit(
        base,
        List.of(Change.put("configs/x", content)),
        "test",
        "m",
        Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Nested
  class Contract extends RevisionStoreContract {
    @Override
    protected RevisionStore newStore() {
      return new MeteredRevisionStore(new InMemoryRevisionStore(), metrics, System::nanoTime);
    }
  }
}
