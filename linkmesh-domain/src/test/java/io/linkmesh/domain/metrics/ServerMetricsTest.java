package io.linkmesh.domain.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkmesh.domain.port.out.RevisionStore;
import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.RevisionId;
import io.linkmesh.domain.testing.InMemoryRevisionStore;
import io.linkmesh.domain.testing.RevisionStoreContract;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {
  private final ServerMetrics metrics = ServerMetrics.create();

  @Nested
  class Counters {
    @Test
    void countsPerNameAndLabels() {
      metrics.increment("x_total", Map.of("a", "1"));
      metrics.increment("x_total", Map.of("a", "1"));
      metrics.add("x_total", Map.of("a", "2"), 5);

      assertThat(metrics.counter("x_total", Map.of("a", "1"))).isEqualTo(2);
      assertThat(metrics.counter("x_total", Map.of("a", "2"))).isEqualTo(5);
      assertThat(metrics.counter("x_total", Map.of())).isZero();
      assertThat(metrics.counters())
          .extracting(ServerMetrics.CounterSample::value)
          .containsExactly(2L, 5L);
    }

    @Test
    void refusesBadNamesAndNegativeAmounts() {
      assertThatThrownBy(() -> metrics.increment("bad name", Map.of()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> metrics.increment("ok", Map.of("__x", "1")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> metrics.add("ok", Map.of(), -1))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dropsSeriesPastTheBound() {
      for (int i = 0; i < ServerMetrics.MAX_SERIES + 5; i++) {
        metrics.increment("many_total", Map.of("i", Integer.toString(i)));
      }

      assertThat(metrics.counters()).hasSize(ServerMetrics.MAX_SERIES);
      assertThat(metrics.droppedSeries()).isEqualTo(5);
    }
  }

  @Nested
  class MeteredStore {
    @Test
    void timesCommitsByResult() {
      AtomicLong nanos = new AtomicLong();
      InMemoryRevisionStore inner = new InMemoryRevisionStore();
      RevisionStore store =
          new MeteredRevisionStore(inner, metrics, () -> nanos.getAndAdd(1_000_000));
      CommitResult first = store.commit(commit(null, "a"));
      RevisionId base = ((CommitResult.Committed) first).revision().id();
      store.commit(commit(base, "b"));
      CommitResult stale = store.commit(commit(base, "c"));

      assertThat(stale).isInstanceOf(CommitResult.Conflict.class);
      assertThat(metrics.timings())
          .containsExactly(
              new ServerMetrics.TimingSample(
                  ServerMetrics.STORE_COMMIT, Map.of("result", "committed"), 2, 2_000_000),
              new ServerMetrics.TimingSample(
                  ServerMetrics.STORE_COMMIT, Map.of("result", "conflict"), 1, 1_000_000));
    }

    private Commit commit(RevisionId base, String content) {
      return new Commit(
          base,
          List.of(Change.put("configs/x", content)),
          "test",
          "m",
          Instant.parse("2026-01-01T00:00:00Z"));
    }
  }

  @Nested
  class MeteredStoreContract extends RevisionStoreContract {
    @Override
    protected RevisionStore newStore() {
      return new MeteredRevisionStore(new InMemoryRevisionStore(), metrics, System::nanoTime);
    }
  }
}
