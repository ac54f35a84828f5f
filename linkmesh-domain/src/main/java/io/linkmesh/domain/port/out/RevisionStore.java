package io.linkmesh.domain.port.out;

import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import io.linkmesh.domain.revision.CommitRule;
import io.linkmesh.domain.revision.HistoryPage;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionId;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where the desired state and its revision history live. Implementations must be safe for
 * concurrent use and pass {@code RevisionStoreContract} from the domain's test-jar.
 *
 * <p>A snapshot is a map from {@code StatePaths} path to document text ({@code StateCodec}). A
 * {@link Commit} lists only the documents it changes. Failures of the underlying medium are thrown
 * as {@link StoreException}.
 */
public interface RevisionStore {
  /** The newest revision, empty for a store that has none yet. */
  Optional<Revision> head();

  Optional<Revision> find(RevisionId id);

  /** Every document of a revision; empty when there is no such revision. */
  Optional<Map<String, String>> snapshot(RevisionId id);

  /**
   * Makes a new revision durably, or reports a conflict: implementations decide with {@link
   * CommitRule#conflict}, so that every store applies the same rule. When this returns {@code
   * Committed}, the revision survives a crash.
   */
  CommitResult commit(Commit commit);

  /**
   * A page of history, newest first, following first parents.
   *
   * @param from the newest revision of the page, null for the head
   * @param limit 1 to {@link HistoryPage#MAX_LIMIT}
   */
  HistoryPage history(@Nullable RevisionId from, int limit);

  /**
   * Registers a callback for when the head moves without a commit through this instance (another
   * replica, a person pushing to Git). Stores with a single writer never call it.
   */
  default void onExternalChange(Runnable listener) {}

  /** Whether the store can take writes now, with a detail for {@code /readyz}. */
  default StoreStatus status() {
    return StoreStatus.OK;
  }
}
