package io.linkmesh.domain.revision;

import java.util.List;

/** What a store did with a {@link Commit}. */
public sealed interface CommitResult {
  /** The commit is now the head, durably. */
  record Committed(Revision revision) implements CommitResult {}

  /**
   * Someone changed the same documents since the commit's base; nothing was written.
   *
   * @param head the store's head now
   * @param paths the paths changed by both
   */
  record Conflict(RevisionId head, List<String> paths) implements CommitResult {
    public Conflict {
      paths = List.copyOf(paths);
    }
  }
}
