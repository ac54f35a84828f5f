package io.linkmesh.domain.metrics;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.port.out.RevisionStore;
import io.linkmesh.domain.port.out.ServerMetrics;
import io.linkmesh.domain.port.out.StoreStatus;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.HistoryPage;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RevisionStore} that reports how long every commit took, and how it ended, to {@link
 * ServerMetrics#commitTimed}. The app wraps the real store with it: {@code new
 * MeteredRevisionStore(store, metrics, System::nanoTime)}.
 */
public final class MeteredRevisionStore implements RevisionStore {
  private final RevisionStore delegate;
  private final ServerMetrics metrics;
  private final LongSupplier nanoTime;

  /**
   * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime})
   */
  public MeteredRevisionStore(
      RevisionStore delegate, ServerMetrics metrics, LongSupplier nanoTime) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.metrics = requireNonNull(metrics, "metrics");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
  }

  @Override
  public CommitResult commit(Commit commit) {
    long start = nanoTime.getAsLong();
    ServerMetrics.CommitOutcome outcome = ServerMetrics.CommitOutcome.ERROR;
    try {
      CommitResult result = delegate.commit(commit);
      outcome =
          result instanceof CommitResult.Committed
              ? ServerMetrics.CommitOutcome.COMMITTED
              : ServerMetrics.CommitOutcome.CONFLICT;
      return result;
    } finally {
      metrics.commitTimed(outcome, Math.max(0, nanoTime.getAsLong() - start));
    }
  }

  @Override
  public Optional<Revision> head() {
    return delegate.head();
  }

  @Override
  public Optional<Revision> find(RevisionId id) {
    return delegate.find(id);
  }

  @Override
  public Optional<Map<String, String>> snapshot(RevisionId id) {
    return delegate.snapshot(id);
  }

  @Override
  public HistoryPage history(@Nullable RevisionId from, int limit) {
    return delegate.history(from, limit);
  }

  @Override
  public void onExternalChange(Runnable listener) {
    delegate.onExternalChange(listener);
  }

  @Override
  public StoreStatus status() {
    return delegate.status();
  }
}
