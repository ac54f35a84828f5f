package io.linkmesh.domain.port.in;

import io.linkmesh.domain.revision.HistoryPage;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionDiff;
import io.linkmesh.domain.revision.RevisionId;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Read-only views of the revision history. */
public interface RevisionQueries {
  /**
   * @param from the newest revision of the page, null for the head
   * @param limit 1 to 500
   */
  HistoryPage history(@Nullable RevisionId from, int limit);

  Optional<Revision> revision(RevisionId id);

  /**
   * What {@code id} changed against {@code against}, by default its parent. Secrets are never in
   * documents (only their hashes), so the diff is safe to show. Empty when either is unknown.
   */
  Optional<RevisionDiff> diff(RevisionId id, @Nullable RevisionId against);

  /** The config documents of a revision (path to text); empty when it is unknown. */
  Optional<Map<String, String>> configsAt(RevisionId id);
}
