package io.linkmesh.domain.metrics;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.port.out.RevisionStore;
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
 * A {@link RevisionStore} that times every commit into {@link ServerMetrics#STORE_COMMIT}, labelled
 * {@code result} = {@code committed}, {@code conflict} or {@code error}. The app wraps the real
 * store with it: {@code new MeteredRevisionStore(store, metrics, System::nanoTime)}.
 */
public final class MeteredRevisionStore implements RevisionStore {
  private static final Map<String, String> COMMITTED = Map.of("result", "committed");
  private static final Map<String, String> CONFLICT = Map.of("result", "conflict");
  private static final Map<String, String> ERROR = Map.of("result", "error");

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
    Map<String, String> labels = ERROR;
    try {
      CommitResult result = delegate.commit(commit);
      labels = result instanceof CommitResult.Committed ? COMMITTED : CONFLICT;
      return result;
    } finally {
      metrics.observeNanos(
          ServerMetrics.STORE_COMMIT, labels, Math.max(0, nanoTime.getAsLong() - start));
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
